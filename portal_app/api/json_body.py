"""Reading a JSON request body: size first (while it streams in), then syntax, then depth.

Every route reads JSON through here, so a body that is too big, not JSON, or nested deeply
enough to exhaust Python's recursion gets a clear 4xx, never a server error.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

MAX_DEPTH = 16


class BadBody(ValueError):
    """The body cannot be used; `status` and `message` say why, in words for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


async def read_json(request: Request, max_bytes: int) -> Any:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BadBody(413, f"Too much at once. Send at most {max_bytes // 1000} KB.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise BadBody(413, f"Too much at once. Send at most {max_bytes // 1000} KB.")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise BadBody(400, "Send JSON.") from error
    if _deeper_than(value, MAX_DEPTH):
        raise BadBody(400, "Send JSON that is less deeply nested.")
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Without recursion, so a deep value cannot exhaust the stack here either."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


async def read_json_object(request: Request, max_bytes: int) -> dict[str, Any]:
    value = await read_json(request, max_bytes)
    if not isinstance(value, dict):
        raise BadBody(400, "Send a JSON object.")
    return value
