"""Live pages: a background task per open page checks the database every few seconds.

Polling the database (not in-memory signals) works the same with one process or many workers.
Each round first checks that the tab is still connected, still on the page, and that the
person's session is still live; a watch never keeps a session alive on its own (no touch).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

from portal_app.db import session_scope
from portal_app.services.sessions import resolve_session, session_token_from_cookie_header
from portal_app.state.session import acting


def tab_connected(state: Any) -> bool:
    """False once the browser tab's websocket is gone from this worker."""
    module = sys.modules.get("portal_app.portal_app")
    namespace = getattr(getattr(module, "app", None), "event_namespace", None)
    if namespace is None:
        return True  # not served by an app (unit tests): the session check still ends it
    return state.router.session.client_token in namespace.token_to_sid


def still_watching(state: Any, path: str) -> bool:
    """The tab is open on `path` and the person who started the watch is still signed in."""
    if state.router.url.path.rstrip("/") != path or not tab_connected(state):
        return False
    token = session_token_from_cookie_header(state.router.headers.cookie)
    with session_scope() as db:
        person = resolve_session(db, token, now=datetime.now(UTC), touch=False)
    return person is not None and person.user_id == acting().user_id
