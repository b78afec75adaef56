"""The audit trail: append-only, hash-chained, and checkable with `portal audit verify`.

Each event's hash covers its fields and the previous event's hash; the chain head holds the
newest sequence number. Editing a row breaks its hash, deleting one leaves a gap or a head
that does not match, inserting one breaks the next link.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from portal_app.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical_time(moment: datetime) -> str:
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(event: AuditEvent) -> str:
    fields = {
        "seq": event.seq,
        "at": _canonical_time(event.at),
        "actor_id": str(event.actor_id or ""),
        "on_behalf_of_id": str(event.on_behalf_of_id or ""),
        "patient_id": str(event.patient_id or ""),
        "clinic_id": str(event.clinic_id or ""),
        "action": event.action,
        "category": event.category,
        "client_address": event.client_address,
    }
    payload = event.prev_hash + json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    db: Session,
    action: str,
    *,
    now: datetime,
    actor_id: uuid.UUID | None = None,
    on_behalf_of_id: uuid.UUID | None = None,
    patient_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    category: str = "",
    client_address: str = "",
) -> AuditEvent:
    """Append one event. The head row is locked, so concurrent appends queue, never fork."""
    head = db.exec(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()).one()
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=now.astimezone(UTC),
        actor_id=actor_id,
        on_behalf_of_id=on_behalf_of_id,
        patient_id=patient_id,
        clinic_id=clinic_id,
        action=action,
        category=category,
        client_address=client_address[:45],
        prev_hash=head.last_hash,
        hash="",
    )
    event.hash = event_hash(event)
    head.last_seq, head.last_hash = event.seq, event.hash
    db.add(event)
    db.add(head)
    db.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(db: Session) -> ChainReport:
    """Walk the whole chain; the first broken link is reported by sequence number."""
    head = db.exec(select(AuditChainHead).where(AuditChainHead.id == 1)).one()
    previous_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in db.exec(select(AuditEvent).order_by(col(AuditEvent.seq))):
        if event.seq != expected_seq:
            return ChainReport(checked, f"event {expected_seq} is missing")
        if event.prev_hash != previous_hash:
            return ChainReport(checked, f"event {event.seq} does not follow the one before it")
        if event_hash(event) != event.hash:
            return ChainReport(checked, f"event {event.seq} was changed")
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head.last_seq != checked or head.last_hash != previous_hash:
        return ChainReport(checked, f"the newest events after {checked} are missing")
    return ChainReport(checked)
