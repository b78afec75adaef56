"""Thought records: situation, thought, feeling, evidence both ways, a balanced thought.

They belong to the patient's journal. The care team reads one only when the patient shares
it (and the patient can stop sharing); a caregiver never does (category CHECK_INS, and only
shared ones reach anyone but the patient).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import Role, ThoughtRecord
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    own_patient_id,
    require_clinician,
)
from portal_app.services.problems import ThoughtProblem

FIELDS = ("situation", "thought", "feeling", "evidence_for", "evidence_against", "balanced")
LIMITS = {"feeling": 300}
SHOWN = 50


@dataclass(frozen=True)
class ShownRecord:
    id: uuid.UUID
    parts: dict[str, str]
    shared: bool
    created_at: datetime


def _own(db: Session, actor: Actor, now: datetime) -> uuid.UUID:
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    load_patient_for(db, actor, patient_id, Category.CHECK_INS, now=now, action=Action.CHANGE)
    return patient_id


def save_record(
    db: Session, actor: Actor, parts: dict[str, str], shared: bool, *, now: datetime
) -> str:
    """The patient's own record; "" when saved, else a catalog key."""
    patient_id = _own(db, actor, now)
    clean = {name: str(parts.get(name, "")).strip() for name in FIELDS}
    if not clean["situation"] and not clean["thought"]:
        return ThoughtProblem.EMPTY
    if any(len(clean[n]) > LIMITS.get(n, 1000) for n in FIELDS):
        return ThoughtProblem.TOO_LONG
    row = ThoughtRecord(patient_id=patient_id, shared=shared, created_at=now)
    for name, value in clean.items():
        setattr(row, name, value)
    db.add(row)
    db.flush()
    return ""


def set_shared(
    db: Session, actor: Actor, record_id: uuid.UUID, shared: bool, *, now: datetime
) -> None:
    patient_id = _own(db, actor, now)
    row = db.get(ThoughtRecord, record_id)
    if row is None or row.patient_id != patient_id:
        raise NotFound
    row.shared = shared
    db.add(row)
    db.flush()


def records_of(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[ShownRecord]:
    """The patient's own records, or (for their care team) the shared ones; newest first."""
    if actor.role is Role.PATIENT:
        patient_id = own_patient_id(db, actor)
    else:
        require_clinician(actor)
    if patient_id is None:
        raise NotFound
    load_patient_for(db, actor, patient_id, Category.CHECK_INS, now=now)
    query = select(ThoughtRecord).where(ThoughtRecord.patient_id == patient_id)
    if actor.role is Role.CLINICIAN:
        query = query.where(col(ThoughtRecord.shared).is_(True))
    rows = db.exec(query.order_by(col(ThoughtRecord.created_at).desc()).limit(SHOWN)).all()
    return [
        ShownRecord(r.id, {n: getattr(r, n) for n in FIELDS}, r.shared, r.created_at) for r in rows
    ]
