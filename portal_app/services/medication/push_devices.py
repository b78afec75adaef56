"""The devices a person gets reminders on: added from a signed-in page, seen and removed by
that person, and forgotten when they sign out on that device."""

from __future__ import annotations

import base64
import binascii
import hmac
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from portal_app.models import PushSubscription
from portal_app.services.access import Actor, NotFound
from portal_app.services.medication.push import endpoint_allowed


def _key_ok(value: Any, size: int) -> bool:
    if not isinstance(value, str) or len(value) > 200:
        return False
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == size
    except (binascii.Error, ValueError):
        return False


TAKEN = "this device already gets someone else's reminders"


def _same_keys(row: PushSubscription, keys: dict[str, Any]) -> bool:
    """Only the browser holding the subscription knows its keys: knowing the push address
    alone must not move a person's reminders to someone else."""
    return hmac.compare_digest(row.p256dh, keys["p256dh"]) and hmac.compare_digest(
        row.auth, keys["auth"]
    )


def add_device(
    db: Session,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    subscription: Any,
    *,
    device: str,
    extra_hosts: tuple[str, ...],
    now: datetime,
) -> str:
    """Save a browser's subscription; "" when saved, else why not. One that another person
    has moves to this one only from the same browser (the same keys): a shared phone."""
    if not isinstance(subscription, dict) or not isinstance(subscription.get("keys"), dict):
        return "subscription must be an object with endpoint and keys"
    endpoint, keys = subscription.get("endpoint"), subscription["keys"]
    if not isinstance(endpoint, str) or not endpoint_allowed(endpoint, extra_hosts):
        return "endpoint is not a known push service"
    if not _key_ok(keys.get("p256dh"), 65) or not _key_ok(keys.get("auth"), 16):
        return "keys.p256dh and keys.auth must be the browser's push keys"
    row = db.exec(select(PushSubscription).where(PushSubscription.endpoint == endpoint)).first()
    if row is not None and row.user_id != user_id and not _same_keys(row, keys):
        return TAKEN
    row = row or PushSubscription(user_id=user_id, endpoint=endpoint, p256dh="", auth="")
    row.user_id, row.session_id, row.device = user_id, session_id, device[:80]
    row.p256dh, row.auth, row.created_at = keys["p256dh"], keys["auth"], now
    db.add(row)
    db.flush()
    return ""


def remove_endpoint(db: Session, user_id: uuid.UUID, endpoint: str) -> None:
    db.exec(
        delete(PushSubscription).where(
            col(PushSubscription.user_id) == user_id, col(PushSubscription.endpoint) == endpoint
        )
    )


def forget_session_devices(db: Session, session_id: uuid.UUID) -> None:
    """Signing out on a shared device stops that device's reminders for this person."""
    db.exec(delete(PushSubscription).where(col(PushSubscription.session_id) == session_id))


def my_devices(db: Session, actor: Actor) -> list[PushSubscription]:
    return list(
        db.exec(
            select(PushSubscription)
            .where(PushSubscription.user_id == actor.user_id)
            .order_by(col(PushSubscription.created_at))
        ).all()
    )


def remove_device(db: Session, actor: Actor, device_id: uuid.UUID) -> None:
    row = db.get(PushSubscription, device_id)
    if row is None or row.user_id != actor.user_id:
        raise NotFound
    db.delete(row)
    db.flush()
