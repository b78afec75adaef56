"""Ways to sign in: single-use tokens (email links, invitations, hand-offs) and passwords.

Callers show the same answer whether or not an address has an account, so the portal never
tells a stranger who is a patient here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from cryptography.fernet import Fernet
from sqlmodel import Session, col, func, select, update

from portal_app.content.catalog import text
from portal_app.models import SignInToken, User
from portal_app.services.clinic.tenancy import origin_of_clinic
from portal_app.services.common import audit
from portal_app.services.common.mail import build_message
from portal_app.services.identity import second_factor, throttle
from portal_app.services.identity.device_trust import known_device
from portal_app.services.identity.passwords import verify_password
from portal_app.services.identity.sso import staff_sso_only
from portal_app.services.identity.tokens import hash_token, new_token

EMAIL_LINK = "email_link"
INVITATION = "invitation"
HANDOFF = "handoff"
LIFETIMES = {
    EMAIL_LINK: timedelta(minutes=15),
    INVITATION: timedelta(days=7),
    HANDOFF: timedelta(seconds=60),
}
LINKS_PER_WINDOW = 3
LINK_WINDOW = timedelta(minutes=15)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_active_user(db: Session, email: str, clinic_id: uuid.UUID | None) -> User | None:
    """The clinic's active account with this email (an email is unique within a clinic only)."""
    return db.exec(
        select(User).where(
            User.email == normalize_email(email),
            User.clinic_id == clinic_id,
            col(User.is_active).is_(True),
        )
    ).first()


def issue_token(db: Session, user_id: uuid.UUID, purpose: str, *, now: datetime) -> str:
    """A new single-use token. Older unused ones stay valid until used or expired."""
    token = new_token()
    db.add(
        SignInToken(
            token_hash=hash_token(token),
            user_id=user_id,
            purpose=purpose,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    db.flush()
    return token


def redeem_token(db: Session, token: str, purpose: str, *, now: datetime) -> uuid.UUID | None:
    """The token's person, exactly once: the update only succeeds for the first redeemer."""
    if not token or len(token) > 100:
        return None
    claimed = db.exec(
        update(SignInToken)
        .where(
            col(SignInToken.token_hash) == hash_token(token),
            col(SignInToken.purpose) == purpose,
            col(SignInToken.used_at).is_(None),
            col(SignInToken.expires_at) > now,
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        return None
    return db.exec(
        select(SignInToken.user_id).where(SignInToken.token_hash == hash_token(token))
    ).one()


def request_email_link(
    db: Session, email: str, *, clinic_id: uuid.UUID | None, now: datetime
) -> tuple[User, str] | None:
    """A sign-in link for an active account, unless too many were sent lately."""
    user = find_active_user(db, email, clinic_id)
    if user is None:
        return None
    # Requests for one person take turns (the row lock on PostgreSQL; SQLite's transactions
    # already do), so simultaneous requests cannot all count, then all insert.
    db.exec(select(User.id).where(User.id == user.id).with_for_update()).one()
    recent = db.exec(
        select(func.count()).where(
            SignInToken.user_id == user.id,
            SignInToken.purpose == EMAIL_LINK,
            col(SignInToken.created_at) > now - LINK_WINDOW,
            col(SignInToken.created_at) <= now,
        )
    ).one()
    if recent >= LINKS_PER_WINDOW:
        return None
    return user, issue_token(db, user.id, EMAIL_LINK, now=now)


@dataclass(frozen=True)
class PasswordCheck:
    user_id: uuid.UUID | None = None
    wait_seconds: int = 0
    # "" (none needed), "code" (ask for it) or "enrol" (set it up first: staff, first time)
    second_factor: str = ""
    use_sso: bool = False  # right password, but this clinic's staff sign in through its provider

    @property
    def ok(self) -> bool:
        return self.user_id is not None


def check_password(
    db: Session,
    email: str,
    password: str,
    *,
    clinic_id: uuid.UUID | None,
    client_address: str,
    now: datetime,
    device_cookie: str | None = None,
    secret: str = "",
) -> PasswordCheck:
    """Right password and not throttled: the person. Throttled: how long to wait. A device the
    person signed in on before (`device_cookie`) has its own count
    (services/identity/throttle.py)."""
    user = find_active_user(db, email, clinic_id)
    device = known_device(secret, user.id, device_cookie) if user and secret else None
    account = throttle.account_of(clinic_id, email)
    wait = throttle.seconds_to_wait(
        db, account=account, client_address=client_address, now=now, device_key=device
    )
    if wait:
        return PasswordCheck(wait_seconds=wait)
    if verify_password(user.password_hash if user else None, password) and user is not None:
        throttle.forget_failures(db, account=account, device_key=device)
        if staff_sso_only(db, user):
            return PasswordCheck(use_sso=True)
        if not second_factor.needs_second_factor(user):
            return PasswordCheck(user_id=user.id)
        return PasswordCheck(
            user_id=user.id, second_factor="code" if user.totp_enabled_at else "enrol"
        )
    throttle.record_failure(
        db, account=account, client_address=client_address, now=now, device_key=device
    )
    audit.record(
        db,
        "sign_in.password_failed",
        now=now,
        actor_id=user.id if user else None,
        clinic_id=user.clinic_id if user else None,
        client_address=client_address,
    )
    return PasswordCheck()


def send_sign_in_link(
    db: Session,
    email: str,
    *,
    clinic_id: uuid.UUID | None,
    now: datetime,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> None:
    """Email a sign-in link if the address has an account at this clinic; silent either way,
    by design. The link points at the clinic's own hostname."""
    user = find_active_user(db, email, clinic_id)
    if user is None or second_factor.needs_second_factor(user):
        return  # staff sign in with a password and their authenticator code
    issued = request_email_link(db, email, clinic_id=clinic_id, now=now)
    if issued is None:
        return
    user, token = issued
    language = user.language.value
    # The token rides in the fragment: browsers never send it to a server or write it to logs.
    link = f"{origin_of_clinic(db, user.clinic_id, public_origin)}/sign-in/link#t={token}"
    body = text("email.link.body", language).format(name=user.display_name.split()[0], link=link)
    deliver(build_message(user.email, text("email.link.subject", language), body))


@dataclass(frozen=True)
class CodeCheck:
    ok: bool = False
    wait_seconds: int = 0
    recovery_codes: tuple[str, ...] = ()


def check_second_factor(
    db: Session,
    user_id: uuid.UUID,
    code: str,
    *,
    enrol_secret: str,
    client_address: str,
    now: datetime,
    box: Fernet,
) -> CodeCheck:
    """The code step after a right password: enrol (first time) or check; throttled too."""
    user = db.get(User, user_id)
    if user is None or not user.is_active:
        return CodeCheck()
    account = throttle.account_of(user.clinic_id, user.email)
    wait = throttle.seconds_to_wait(db, account=account, client_address=client_address, now=now)
    if wait:
        return CodeCheck(wait_seconds=wait)
    if enrol_secret:
        codes = second_factor.enable(db, user, enrol_secret, code, now=now, box=box)
        if codes:
            return CodeCheck(ok=True, recovery_codes=tuple(codes))
    elif second_factor.check(db, user, code, now=now, box=box):
        throttle.forget_failures(db, account=account)
        return CodeCheck(ok=True)
    throttle.record_failure(db, account=account, client_address=client_address, now=now)
    audit.record(
        db,
        "sign_in.code_failed",
        now=now,
        actor_id=user.id,
        clinic_id=user.clinic_id,
        client_address=client_address,
    )
    return CodeCheck()
