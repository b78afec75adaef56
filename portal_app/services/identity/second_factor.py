"""The second factor: a code from an authenticator app (TOTP), or a single-use recovery code.

Required for staff, optional for patients. Secrets are stored encrypted with a key derived
from the install's secret; a code is accepted once (no replay within its 30-second window);
recovery codes are stored hashed and work once each.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlmodel import Session, col, select, update

from portal_app.models import RecoveryCode, Role, User

STAFF_ROLES = frozenset({Role.CLINICIAN, Role.CLINIC_ADMIN})
ISSUER = "Steady"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def secret_box(install_secret: str, purpose: str = "totp") -> Fernet:
    """Encryption at rest for one kind of secret, with a key of its own made from the
    install's secret (the authenticator secrets: "totp"; a clinic's SSO client secret: "sso")."""
    key = hashlib.sha256(f"steady-{purpose}:".encode() + install_secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def needs_second_factor(user: User) -> bool:
    return user.role in STAFF_ROLES or user.totp_enabled_at is not None


def new_secret() -> str:
    return pyotp.random_base32()


def qr_code_data_uri(secret: str, email: str) -> str:
    """The otpauth:// link as an SVG QR code, drawn here (nothing is fetched from anywhere)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _accepted_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step the code belongs to (now, or 30 s either side), unless already used."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // totp.interval
    for step in (current, current - 1, current + 1):
        if totp.at(step * totp.interval) == digits and (last_step is None or step > last_step):
            return step
    return None


def _hash_recovery(code: str) -> str:
    normalized = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def new_recovery_codes(db: Session, user_id: uuid.UUID, *, now: datetime) -> list[str]:
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    for code in codes:
        db.add(RecoveryCode(user_id=user_id, code_hash=_hash_recovery(code), created_at=now))
    db.flush()
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def enable(
    db: Session, user: User, secret: str, code: str, *, now: datetime, box: Fernet
) -> list[str] | None:
    """Turn the second factor on once the person proves their app shows the right code.
    Returns the recovery codes (shown once), or None if the code was wrong."""
    step = _accepted_step(secret, code, None, now)
    if step is None:
        return None
    user.totp_secret_encrypted = box.encrypt(secret.encode()).decode()
    user.totp_enabled_at = now
    user.totp_last_step = step
    db.add(user)
    return new_recovery_codes(db, user.id, now=now)


def check(db: Session, user: User, code: str, *, now: datetime, box: Fernet) -> bool:
    """An authenticator code (once) or an unused recovery code."""
    if user.totp_secret_encrypted:
        try:
            secret = box.decrypt(user.totp_secret_encrypted.encode()).decode()
        except InvalidToken:
            return False
        step = _accepted_step(secret, code, user.totp_last_step, now)
        if step is not None:
            user.totp_last_step = step
            db.add(user)
            db.flush()
            return True
    used = db.exec(
        update(RecoveryCode)
        .where(
            col(RecoveryCode.user_id) == user.id,
            col(RecoveryCode.code_hash) == _hash_recovery(code),
            col(RecoveryCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    return bool(used.rowcount == 1)


def unused_recovery_codes(db: Session, user: User) -> int:
    return len(
        db.exec(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None)
            )
        ).all()
    )
