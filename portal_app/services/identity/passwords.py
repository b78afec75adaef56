"""Passwords: argon2id hashes, and a policy that follows NIST 800-63B.

At least 8 characters, long passphrases welcome (up to 256), pasting allowed, and the most
common passwords refused. No composition rules: they make passwords harder to remember, not
harder to guess.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from portal_app.services.problems import PasswordProblem

MIN_LENGTH = 8
MAX_LENGTH = 256
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"][:20000])

_hasher = PasswordHasher()  # argon2id with the RFC 9106 low-memory parameters
# Checked when the account has no password, so a missing account takes as long as a wrong one.
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


def password_problems(password: str, *, email: str = "") -> list[str]:
    """Catalog keys of what is wrong with a new password; empty when it is fine."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        problems.append(PasswordProblem.TOO_LONG)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        problems.append(PasswordProblem.TOO_COMMON)
    local_part = email.split("@", 1)[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        problems.append(PasswordProblem.HAS_EMAIL)
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant-effort check: a missing hash still costs one argon2 verification."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
