"""Describe an exception for the logs without its message or source lines.

Messages can carry data (SQL parameters, a patient's words), so logs get the type and where
it happened: enough to debug, nothing to leak.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

# The request (HTTP) or event (live connection) a log line belongs to, to find its other lines.
REQUEST_ID: ContextVar[str | None] = ContextVar("portal_request_id", default=None)
GIVEN_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")  # e.g. nginx's $request_id


def describe_exception(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in frames)
    return f"{type(error).__name__}\n{where}"


def client_text(value: object, limit: int = 200) -> str:
    """Text a client sent, made safe for one log line: control characters (newlines, escape
    codes) shown as `\\x..`, cut to `limit` characters, so nobody can forge or flood lines."""
    text = value if isinstance(value, str) else repr(value)
    cut = len(text) > limit
    shown = "".join(c if c.isprintable() else f"\\x{ord(c) & 0xFF:02x}" for c in text[:limit])
    return f"{shown[:limit]}… ({len(text)} characters)" if cut else shown[:limit]


class LogBudget:
    """At most `per_window` log lines in each `window_s`; the rest are counted, and the count
    is logged once when the next window opens. Bounds what any number of clients can add."""

    def __init__(self, per_window: int, window_s: float) -> None:
        self.per_window, self.window_s = per_window, window_s
        self._started, self._used, self._dropped = 0.0, 0, 0

    def take(self, now: float) -> tuple[bool, int]:
        """(may log now, lines dropped in the window that just ended)."""
        dropped = 0
        if now - self._started >= self.window_s:
            self._started, self._used, dropped, self._dropped = now, 0, self._dropped, 0
        if self._used < self.per_window:
            self._used += 1
            return True, dropped
        self._dropped += 1
        return False, dropped


# Reflex's event processor logs what a client sent (an unknown handler name, the whole event
# with its payload, a validation error quoting the values) with a traceback. Those lines can
# carry a person's words and are free for anyone to trigger, so they are rewritten as one
# short line naming nothing the client sent, and rationed.
_REWRITES = (
    ("Error processing event queue entry", "Refused an event for a handler that does not exist"),
    ("Error transforming event payload for handler", "Refused arguments that do not fit %s"),
)
REFLEX_EVENT_LOGGERS = (
    "reflex_base.event.processor.event_processor",
    "reflex_base.event.processor.base_state_processor",
)


class ClientEchoFilter(logging.Filter):
    def __init__(self, budget: LogBudget) -> None:
        super().__init__()
        self.budget = budget

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        for start, replacement in _REWRITES:
            if message.startswith(start):
                allowed, dropped = self.budget.take(time.monotonic())
                handler = message[len(start) :].split(":", 1)[0].strip()[:120]
                record.msg = replacement + (" (and %d more not logged)" if dropped else "")
                args = (handler,) if "%s" in replacement else ()
                record.args = (*args, dropped) if dropped else args
                record.exc_info, record.exc_text = None, None
                return allowed
        return True


def install_client_echo_filter() -> None:
    shared = ClientEchoFilter(LogBudget(per_window=60, window_s=60.0))
    for name in REFLEX_EVENT_LOGGERS:
        logging.getLogger(name).addFilter(shared)


def new_request_id(given: str = "") -> str:
    """The proxy's id when it is a plain one (so its log and ours match), else a new one."""
    return given if GIVEN_ID.match(given) else secrets.token_hex(8)


@contextmanager
def request_id_scope(value: str) -> Iterator[None]:
    token = REQUEST_ID.set(value)
    try:
        yield
    finally:
        REQUEST_ID.reset(token)


class SafeFormatter(logging.Formatter):
    """An exception is written as its type and where it happened, never its message: a
    database error's message carries the values it was given (found: `logger.exception`
    wrote a check-in's note to the log)."""

    def formatException(self, ei: Any) -> str:
        return describe_exception(ei[1]) if ei and ei[1] is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        # logging keeps the first handler's rendering of the exception on the record; another
        # handler's (with the message) must not be reused here.
        kept, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = kept


class JsonFormatter(SafeFormatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id:
            line["request_id"] = request_id
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_portal_logging(
    level: str = "INFO", form: str = "text", stream: IO[str] | None = None
) -> None:
    """The portal's own lines (portal.*: reminder rounds, refused calls, failed pushes) go to
    standard error, as text or one JSON object per line (PORTAL_LOG_FORMAT); Python would
    otherwise drop everything below WARNING. Nothing logged under portal.* carries health
    data (see describe_exception, client_text, SafeFormatter)."""
    portal = logging.getLogger("portal")
    if any(getattr(h, "_portal", False) for h in portal.handlers):
        return
    handler: logging.Handler = logging.StreamHandler(stream)
    if form == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    setattr(handler, "_portal", True)  # noqa: B010 - marks our own handler
    portal.addHandler(handler)
    portal.setLevel(level)
    portal.propagate = False
