"""A person's own account: name, language, password and (for patients) the optional second step.

Every change is the person's own, checked again here, and written to the audit trail. A new
password signs out every other device, so someone who knew the old one is out at once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cryptography.fernet import Fernet
from sqlmodel import Session, col, delete

from portal_app.models import Language, RecoveryCode, Role, User
from portal_app.services.common import audit
from portal_app.services.identity import second_factor, throttle
from portal_app.services.identity.passwords import hash_password, password_problems, verify_password
from portal_app.services.identity.sessions import end_all_sessions
from portal_app.services.problems import (
    PasswordProblem,
    ProfileProblem,
    SecondStepProblem,
    SignInProblem,
)

STAFF = (Role.CLINICIAN, Role.CLINIC_ADMIN)


def own_account(db: Session, user_id: uuid.UUID) -> User | None:
    """The acting person's own account (by the id their server-side session gives), so states
    never read people's rows themselves."""
    return db.get(User, user_id)


def _record(db: Session, user: User, action: str, now: datetime, client_address: str) -> None:
    audit.record(
        db,
        action,
        now=now,
        actor_id=user.id,
        clinic_id=user.clinic_id,
        client_address=client_address,
    )


def rename(db: Session, user: User, name: str, *, now: datetime, client_address: str = "") -> str:
    """ "" when saved, else the problem's catalog key."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 120:
        return ProfileProblem.NAME_MISSING
    user.display_name = name
    db.add(user)
    _record(db, user, "profile.changed", now, client_address)
    return ""


def set_language(db: Session, user_id: uuid.UUID, language: str) -> bool:
    """Keep the person's language (emails and new devices use it)."""
    user = db.get(User, user_id)
    if user is None or language not in {lang.value for lang in Language}:
        return False
    user.language = Language(language)
    db.add(user)
    return True


def change_password(
    db: Session,
    user: User,
    current: str,
    new: str,
    *,
    now: datetime,
    client_address: str = "",
    keep_session: uuid.UUID | None = None,
) -> str:
    """Set a new password; the current one is needed when there is one. "" when done."""
    if user.password_hash is not None:
        account = throttle.account_of(user.clinic_id, user.email)
        if throttle.seconds_to_wait(db, account=account, client_address=client_address, now=now):
            return SignInProblem.WAIT
        if not verify_password(user.password_hash, current):
            throttle.record_failure(db, account=account, client_address=client_address, now=now)
            return PasswordProblem.CURRENT_WRONG
    problems = password_problems(new, email=user.email)
    if problems:
        return problems[0]
    user.password_hash = hash_password(new)
    db.add(user)
    end_all_sessions(db, user.id, now=now, keep=keep_session)
    _record(db, user, "password.changed", now, client_address)
    return ""


def turn_off_second_step(
    db: Session, user: User, code: str, *, now: datetime, box: Fernet, client_address: str = ""
) -> str:
    """Patients may turn the second step off with a code from their app; staff may not."""
    if user.role in STAFF:
        return SecondStepProblem.STAFF_REQUIRED
    if user.totp_enabled_at is None:
        return ""
    if not second_factor.check(db, user, code, now=now, box=box):
        return SecondStepProblem.CODE_WRONG
    user.totp_secret_encrypted, user.totp_enabled_at, user.totp_last_step = None, None, None
    db.add(user)
    db.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    _record(db, user, "second_step.off", now, client_address)
    return ""


def turn_on_second_step(
    db: Session,
    user: User,
    secret: str,
    code: str,
    *,
    now: datetime,
    box: Fernet,
    client_address: str = "",
) -> list[str] | None:
    """Recovery codes once the code from the new app entry is right; None if it is not."""
    codes = second_factor.enable(db, user, secret, code, now=now, box=box)
    if codes is not None:
        _record(db, user, "second_step.on", now, client_address)
    return codes
