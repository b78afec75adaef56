"""Live pages: a background task per open page checks the database every few seconds.

Polling the database (not in-memory signals) works the same with one process or many workers.
Each round first checks that the tab is still connected, still on the page, and that the
person's session is still live; a watch never keeps a session alive on its own (no touch).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from portal_app.db import session_scope
from portal_app.services.identity.sessions import resolve_session, session_token_from_cookie_header
from portal_app.state.session import acting, clinic_here


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
        person = resolve_session(
            db, token, now=datetime.now(UTC), clinic_id=clinic_here(db, state), touch=False
        )
    return person is not None and person.user_id == acting().user_id


async def keep_fresh(
    state: Any,
    path: str,
    version: Callable[[], object],
    reload: Callable[[], None],
    *,
    every: float = 3.0,
    reload_every: float | None = None,
) -> None:
    """The body of a page's background `watch`: every few seconds, reload the page's data when
    `version()` changed (or every `reload_every` seconds anyway). Ends when the tab leaves the
    page, closes, signs out, or the page starts a newer watch (`state._watch`)."""
    async with state:
        state._watch += 1
        mine, seen, waited = state._watch, version(), 0.0
    while True:
        await asyncio.sleep(every)
        waited += every
        async with state:
            if state._watch != mine or not still_watching(state, path):
                return
            now_seen = version()
            if now_seen != seen or (reload_every is not None and waited >= reload_every):
                seen, waited = now_seen, 0.0
                reload()
