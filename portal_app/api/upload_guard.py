"""Two checks before Reflex's upload endpoint, which any client can call:

- it fails with a server error when asked for a handler that takes no files: only our own
  handlers that take files are let through, anything else gets a clear 400;
- it runs the handler on the named tab's state, with the session that tab's socket carries,
  and streams that state back: the request's own session must be that one (403 otherwise),
  since a tab token is not a secret.
"""

from __future__ import annotations

import hmac
import json
import sys
from functools import lru_cache
from typing import Any

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState
from reflex_base.event import resolve_upload_handler_param
from reflex_base.utils.exceptions import UploadTypeError, UploadValueError

from portal_app.api.security import ASGIApp, Receive, Scope, Send
from portal_app.services.identity.sessions import session_token_from_cookie_header

UPLOAD_PATH = "/_upload"


def _all_states() -> list[type[BaseState]]:
    found: list[type[BaseState]] = []
    waiting: list[type[BaseState]] = [rx.State]
    while waiting:
        state = waiting.pop()
        found.append(state)
        waiting.extend(state.get_substates())
    return found


@lru_cache(maxsize=1)
def upload_handlers() -> frozenset[str]:
    """Full names of the event handlers that take `list[rx.UploadFile]`."""
    names = set()
    for state in _all_states():
        for name, handler in state.event_handlers.items():
            try:
                resolve_upload_handler_param(handler)
            except (UploadValueError, UploadTypeError):
                continue
            names.add(f"{state.get_full_name()}.{name}")
    return frozenset(names)


class UploadGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") == UPLOAD_PATH:
            named = _header(scope, b"reflex-event-handler")
            if named not in upload_handlers():
                await _refuse(send, 400, "This is not a place to send files.")
                return
            tab = _header(scope, b"reflex-client-token")
            if not await _sent_from_that_tab(tab, _header(scope, b"cookie")):
                await _refuse(send, 403, "Please reload the page, then send the file again.")
                return
        await self.app(scope, receive, send)


async def _sent_from_that_tab(tab: str, cookie_header: str) -> bool:
    """The request's session is the one the tab's own socket connected with."""
    mine = session_token_from_cookie_header(cookie_header)
    app = getattr(sys.modules.get("portal_app.portal_app"), "app", None)
    if not mine or not tab or app is None:
        return False
    state = await app.state_manager.get_state(BaseStateToken(ident=tab, cls=rx.State))
    theirs = session_token_from_cookie_header(state.router.headers.cookie)
    return theirs is not None and hmac.compare_digest(mine, theirs)


def _header(scope: Scope, name: bytes) -> str:
    raw: Any = next((v for k, v in scope.get("headers", []) if k.lower() == name), b"")
    return bytes(raw).decode("latin-1")


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
