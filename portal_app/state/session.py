"""Who is acting: resolved from the __Host- session cookie on every event, never from the client.

The websocket handshake carries the cookie; each event re-checks the session in the database,
so a sign-out or a revoked session stops the very next event.
"""

from __future__ import annotations

import contextvars
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from portal_app.db import read_scope, session_scope
from portal_app.services.access import Actor
from portal_app.services.clinic.tenancy import Site, site_for_host
from portal_app.services.identity.sessions import (
    SignedIn,
    resolve_session,
    session_token_from_cookie_header,
)
from portal_app.settings import get_settings

_acting: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("acting", default=None)


# One database lookup of the session per event, not three: the binding middleware reads it
# before the event runs (session_binding.py), and the guard and the handler reuse that answer
# for the same cookie within this event (found: these lookups were a third of a busy worker's
# time). Only this task sees it, and only for a moment, so a background task that outlives
# its event, or anything after a sign-out, reads the database again.
_this_event: contextvars.ContextVar[tuple[str, SignedIn | None, float] | None] = (
    contextvars.ContextVar("session_this_event", default=None)
)
REUSE_FOR_S = 2.0


def _cookie_token(state: Any) -> str:
    return session_token_from_cookie_header(state.router.headers.cookie) or ""


def site_here(db: Session, state: Any) -> Site | None:
    """The clinic served at the hostname this tab's connection was opened to."""
    return site_for_host(db, state.router.headers.host, get_settings().default_clinic_slug)


def clinic_here(db: Session, state: Any) -> uuid.UUID | None:
    site = site_here(db, state)
    return site.clinic_id if site else None


def read_session_for_event(state: Any) -> SignedIn | None:
    """The tab's live session, read from the database without recording activity, and kept
    for the rest of this event."""
    token = _cookie_token(state)
    person = None
    if token:
        with read_scope() as db:
            person = resolve_session(
                db, token, now=datetime.now(UTC), clinic_id=clinic_here(db, state), touch=False
            )
    _this_event.set((token, person, time.monotonic()))
    return person


def forget_session_read() -> None:
    """After a handler changed the session (whom a caregiver helps): read it afresh."""
    _this_event.set(None)


def signed_in_person(state: Any) -> SignedIn | None:
    """Who is signed in on this tab, now; records activity on the session (every 30 s)."""
    token = _cookie_token(state)
    if not token:
        return None
    now = datetime.now(UTC)
    kept = _this_event.get()
    if kept is not None and kept[0] == token and time.monotonic() - kept[2] < REUSE_FOR_S:
        person = kept[1]
        if person is None or not person.touch_due(now):
            return person
    with session_scope() as db:
        return resolve_session(db, token, now=now, clinic_id=clinic_here(db, state))


def actor_from(signed_in: SignedIn, state: Any) -> Actor:
    return Actor(
        user_id=signed_in.user_id,
        role=signed_in.role,
        clinic_id=signed_in.clinic_id,
        client_address=state.router.session.client_ip[:45],
        helping=signed_in.helping_patient_id,
    )


def acting() -> Actor:
    """The actor of the guarded handler now running (set by the guard, never by a client)."""
    actor = _acting.get()
    if actor is None:
        raise RuntimeError("acting() called outside a signed-in handler")
    return actor


def set_acting(actor: Actor | None) -> contextvars.Token[Actor | None]:
    return _acting.set(actor)


def reset_acting(token: contextvars.Token[Actor | None]) -> None:
    _acting.reset(token)
