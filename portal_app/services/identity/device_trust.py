"""Devices a person has signed in on before (OWASP "device cookies").

Password guessing is slowed per account, so a stranger's wrong guesses would also make the
real person wait. A device where the person signed in before carries a signed cookie naming
no one; password tries from it are counted for that device alone, so the owner's own phone
keeps working while unknown devices are slowed down.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

DEVICE_COOKIE = "__Host-steady_device"
REMEMBERED_FOR = timedelta(days=180)


def _signature(secret: str, user_id: uuid.UUID, nonce: str) -> str:
    message = f"device:{user_id}:{nonce}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40]


def new_device_cookie(secret: str, user_id: uuid.UUID) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_signature(secret, user_id, nonce)}"


def known_device(secret: str, user_id: uuid.UUID, cookie: str | None) -> str | None:
    """The throttle key of this person's own known device, or None (unknown, or forged, or
    another person's device cookie)."""
    if not cookie or len(cookie) > 100 or "." not in cookie:
        return None
    nonce, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _signature(secret, user_id, nonce)):
        return None
    return "device:" + hashlib.sha256(nonce.encode()).hexdigest()[:64]
