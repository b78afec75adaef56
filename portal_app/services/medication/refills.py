"""Refill requests: the patient asks in two taps, the clinician answers with a note, and the
patient is told either way (in the portal, and by a neutral reminder)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import Medicine, Patient, RefillRequest, RefillStatus, Role, User
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    patients_in_care,
    require_clinician,
)
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.medication.reminders import remind_now
from portal_app.services.problems import RefillProblem


@dataclass(frozen=True)
class Refill:
    id: uuid.UUID
    medicine_id: uuid.UUID
    medicine: str
    patient_id: uuid.UUID
    patient_name: str
    status: str
    requested_at: datetime
    decided_at: datetime | None
    note: str


def request_refill(db: Session, actor: Actor, medicine_id: uuid.UUID, *, now: datetime) -> None:
    """Ask for a refill; asking again while one is waiting changes nothing."""
    medicine = db.get(Medicine, medicine_id)
    if actor.role not in (Role.PATIENT, Role.CAREGIVER) or medicine is None or not medicine.active:
        raise NotFound
    load_patient_for(
        db,
        actor,
        medicine.patient_id,
        Category.MEDICINES,
        now=now,
        action=Action.CHANGE,
        need=Permission.MEDICINES_REQUEST_REFILLS,
    )
    waiting = db.exec(
        select(RefillRequest.id).where(
            RefillRequest.medicine_id == medicine_id, RefillRequest.status == RefillStatus.PENDING
        )
    ).first()
    if waiting is None:
        db.add(
            RefillRequest(
                medicine_id=medicine_id,
                patient_id=medicine.patient_id,
                requested_at=now,
                requested_by=actor.user_id,
            )
        )
        db.flush()


def _as_refill(row: RefillRequest, medicine: Medicine, name: str) -> Refill:
    return Refill(
        row.id,
        medicine.id,
        medicine.name,
        row.patient_id,
        name,
        row.status,
        row.requested_at,
        row.decided_at,
        row.note,
    )


def refills_of(db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime) -> list[Refill]:
    """The patient's refill requests, newest first."""
    load_patient_for(db, actor, patient_id, Category.MEDICINES, now=now)
    rows = db.exec(
        select(RefillRequest, Medicine)
        .join(Medicine, col(Medicine.id) == RefillRequest.medicine_id)
        .where(RefillRequest.patient_id == patient_id)
        .order_by(col(RefillRequest.requested_at).desc())
        .limit(20)
    ).all()
    return [_as_refill(row, medicine, "") for row, medicine in rows]


def waiting_refills(db: Session, actor: Actor, *, now: datetime) -> list[Refill]:
    """Refill requests waiting for an answer from the clinician's own patients, oldest first."""
    rows = db.exec(
        select(RefillRequest, Medicine, User)
        .join(Medicine, col(Medicine.id) == RefillRequest.medicine_id)
        .join(Patient, col(Patient.id) == RefillRequest.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .where(
            col(RefillRequest.patient_id).in_(patients_in_care(actor)),
            RefillRequest.status == RefillStatus.PENDING,
        )
        .order_by(col(RefillRequest.requested_at))
    ).all()
    found = []
    for row, medicine, person in rows:
        load_patient_for(db, actor, row.patient_id, Category.MEDICINES, now=now)
        found.append(_as_refill(row, medicine, person.display_name))
    return found


def decide_refill(
    db: Session, actor: Actor, refill_id: uuid.UUID, approve: bool, note: str, *, now: datetime
) -> str:
    """Approve or decline with a note (a note is needed to decline); the patient is told."""
    refill = db.get(RefillRequest, refill_id)
    require_clinician(actor)
    if refill is None or refill.status != RefillStatus.PENDING:
        raise NotFound
    patient = load_patient_for(
        db, actor, refill.patient_id, Category.MEDICINES, now=now, action=Action.CHANGE
    )
    note = note.strip()
    if len(note) > 500:
        return RefillProblem.TOO_LONG
    if not approve and not note:
        return RefillProblem.WHY
    refill.status = RefillStatus.APPROVED if approve else RefillStatus.DECLINED
    refill.decided_at, refill.decided_by, refill.note = now, actor.user_id, note
    db.add(refill)
    remind_now(db, patient, "refill", key=f"refill:{refill.id}", now=now)
    db.flush()
    return ""
