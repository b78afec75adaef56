"""Who is acting: resolved from the __Host- session cookie on every event, never from the client.

The websocket handshake carries the cookie; each event re-checks the session in the database,
so a sign-out or a revoked session stops the very next event.
"""

from __future__ import annotations

import contextvars
from datetime import UTC, datetime
from typing import Any

from portal_app.db import session_scope
from portal_app.services.access import Actor
from portal_app.services.identity.sessions import (
    SignedIn,
    resolve_session,
    session_token_from_cookie_header,
)

_acting: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("acting", default=None)


def signed_in_person(state: Any) -> SignedIn | None:
    token = session_token_from_cookie_header(state.router.headers.cookie)
    if not token:
        return None
    with session_scope() as db:
        return resolve_session(db, token, now=datetime.now(UTC))


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
