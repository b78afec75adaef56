"""Server-side sessions: the browser holds a random token in a __Host- cookie; we hold its hash.

Idle for 15 minutes (a warning shows at 13) or 12 hours old, and the session is over. Every
Reflex event re-checks the session here, so signing out or revoking bites at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

from sqlmodel import Session, col, select, update

from portal_app.models import AuthSession, Role, User
from portal_app.services.common.local_time import as_utc
from portal_app.services.identity.tokens import hash_token, new_token

IDLE_TIMEOUT = timedelta(minutes=15)
IDLE_WARNING = timedelta(minutes=13)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=30)  # fewer writes; idle time is still exact to 30 s
SESSION_COOKIE = "__Host-steady_session"


def cookie_from_header(header: str, name: str) -> str | None:
    """One cookie's value from a Cookie header (as the websocket handshake carried it)."""
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(header or "")
    except CookieError:
        return None
    morsel = cookies.get(name)
    return morsel.value if morsel else None


def session_token_from_cookie_header(header: str) -> str | None:
    return cookie_from_header(header, SESSION_COOKIE)


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in on this session, and until when."""

    session_id: uuid.UUID
    user_id: uuid.UUID
    role: Role
    clinic_id: uuid.UUID
    display_name: str
    idle_expires_at: datetime
    expires_at: datetime
    helping_patient_id: uuid.UUID | None = None  # caregivers: whom they chose to help
    last_seen_at: datetime | None = None  # as stored when this was read (see TOUCH_EVERY)

    def touch_due(self, now: datetime) -> bool:
        """Whether reading the session again now would record activity on it."""
        return self.last_seen_at is None or now - self.last_seen_at >= TOUCH_EVERY


def start_session(
    db: Session, user_id: uuid.UUID, *, now: datetime, client_address: str = "", device: str = ""
) -> str:
    """A new session (a new token at every sign-in: no fixation); returns the cookie value."""
    token = new_token()
    db.add(
        AuthSession(
            token_hash=hash_token(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
            client_address=client_address[:45],
            device=device[:120],
        )
    )
    db.flush()
    return token


def resolve_session(
    db: Session,
    token: str | None,
    *,
    now: datetime,
    clinic_id: uuid.UUID | None,
    touch: bool = True,
) -> SignedIn | None:
    """The signed-in person for a cookie value, or None if it is unknown, ended or expired, or
    belongs to another clinic than the one served where it was sent (`clinic_id`: a cookie
    carried to another clinic's hostname opens nothing there)."""
    if not token:
        return None
    row = db.exec(
        select(AuthSession, User)
        .join(User, col(User.id) == AuthSession.user_id)
        .where(AuthSession.token_hash == hash_token(token), col(AuthSession.revoked_at).is_(None))
    ).first()
    if row is None:
        return None
    auth_session, user = row
    last_seen, expires_at = as_utc(auth_session.last_seen_at), as_utc(auth_session.expires_at)
    if not user.is_active or now >= expires_at or now - last_seen >= IDLE_TIMEOUT:
        return None
    if user.clinic_id != clinic_id:
        return None
    if touch and now - last_seen >= TOUCH_EVERY:
        auth_session.last_seen_at = last_seen = now
        db.add(auth_session)
        db.flush()
    return SignedIn(
        session_id=auth_session.id,
        user_id=user.id,
        role=user.role,
        clinic_id=user.clinic_id,
        display_name=user.display_name,
        idle_expires_at=min(last_seen + IDLE_TIMEOUT, expires_at),
        expires_at=expires_at,
        helping_patient_id=auth_session.helping_patient_id,
        last_seen_at=last_seen,
    )


def end_session(db: Session, token: str, *, now: datetime) -> None:
    db.exec(
        update(AuthSession)
        .where(
            col(AuthSession.token_hash) == hash_token(token), col(AuthSession.revoked_at).is_(None)
        )
        .values(revoked_at=now)
    )


def end_all_sessions(
    db: Session, user_id: uuid.UUID, *, now: datetime, keep: uuid.UUID | None = None
) -> None:
    """Sign out everywhere (optionally keeping the session that asked)."""
    statement = (
        update(AuthSession)
        .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    if keep is not None:
        statement = statement.where(col(AuthSession.id) != keep)
    db.exec(statement)


def active_sessions(db: Session, user_id: uuid.UUID, *, now: datetime) -> list[AuthSession]:
    """The person's sessions that still work, newest activity first."""
    rows = db.exec(
        select(AuthSession).where(
            AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None)
        )
    ).all()
    live = [
        s
        for s in rows
        if now < as_utc(s.expires_at) and now - as_utc(s.last_seen_at) < IDLE_TIMEOUT
    ]
    return sorted(live, key=lambda s: as_utc(s.last_seen_at), reverse=True)


def end_own_session(
    db: Session, user_id: uuid.UUID, session_id: uuid.UUID, *, now: datetime
) -> bool:
    """Sign out one device; only ever one of the person's own sessions."""
    result = db.exec(
        update(AuthSession)
        .where(
            col(AuthSession.id) == session_id,
            col(AuthSession.user_id) == user_id,
            col(AuthSession.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    return bool(result.rowcount == 1)


def describe_device(user_agent: str) -> str:
    """A short, plain name for a browser, e.g. "Chrome on Android"."""
    agent = user_agent.lower()
    browser = next(
        (
            name
            for key, name in (
                ("edg/", "Edge"),
                ("firefox", "Firefox"),
                ("chrome", "Chrome"),
                ("safari", "Safari"),
            )
            if key in agent
        ),
        "Browser",
    )
    system = next(
        (
            name
            for key, name in (
                ("android", "Android"),
                ("iphone", "iPhone"),
                ("ipad", "iPad"),
                ("windows", "Windows"),
                ("mac os", "Mac"),
                ("linux", "Linux"),
            )
            if key in agent
        ),
        "",
    )
    return f"{browser} · {system}" if system else browser
