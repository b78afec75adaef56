"""One change made by the person acting, in its own transaction: "" when done, else the
catalog key of what to show. An id that is not there (or not theirs) reads as `gone`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.services.access import Actor, NotFound
from portal_app.state.session import acting

Change = Callable[[Session, Actor, datetime], str]


def run_change(change: Change, gone: str) -> str:
    try:
        with session_scope() as db:
            return change(db, acting(), datetime.now(UTC))
    except (ValueError, NotFound):
        return gone
