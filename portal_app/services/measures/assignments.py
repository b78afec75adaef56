"""Questionnaires on a schedule: a clinician assigns one (e.g. PHQ-9 every 14 days); it is due
on the patient's Home when the last answers are that old, and overdue ones show to the team.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from portal_app.content.instruments import ASSIGNABLE, available
from portal_app.models import (
    Patient,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    User,
)
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    audit_list_look,
    load_patient_for,
    own_patient_id,
    patients_in_care,
    require_clinician,
)
from portal_app.services.common.local_time import as_utc, zone_of

__all__ = ["ASSIGNABLE", "EVERY_DAYS", "Due", "assign", "stop"]
EVERY_DAYS = (7, 14, 28)
OVERDUE_AFTER = timedelta(days=3)


@dataclass(frozen=True)
class Due:
    assignment_id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    instrument: str
    every_days: int
    due_on: date
    overdue: bool


def assign(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    instrument_id: str,
    every_days: int,
    *,
    now: datetime,
) -> QuestionnaireAssignment:
    """One schedule per questionnaire and patient: assigning again replaces the old one."""
    require_clinician(actor)
    if instrument_id not in ASSIGNABLE or every_days not in EVERY_DAYS:
        raise NotFound
    if not available(instrument_id):
        raise NotFound  # a licensed measure whose texts the clinic has not added
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now, action=Action.CHANGE)
    for old in db.exec(
        select(QuestionnaireAssignment).where(
            QuestionnaireAssignment.patient_id == patient_id,
            QuestionnaireAssignment.instrument == instrument_id,
            col(QuestionnaireAssignment.active).is_(True),
        )
    ):
        old.active = False
        db.add(old)
    assignment = QuestionnaireAssignment(
        patient_id=patient_id,
        instrument=instrument_id,
        every_days=every_days,
        assigned_by=actor.user_id,
        created_at=now,
    )
    db.add(assignment)
    db.flush()
    return assignment


def stop(db: Session, actor: Actor, assignment_id: uuid.UUID, *, now: datetime) -> None:
    assignment = db.get(QuestionnaireAssignment, assignment_id)
    require_clinician(actor)
    if assignment is None or not assignment.active:
        raise NotFound
    load_patient_for(
        db, actor, assignment.patient_id, Category.QUESTIONNAIRES, now=now, action=Action.CHANGE
    )
    assignment.active = False
    db.add(assignment)
    db.flush()


def _due(
    db: Session, rows: list[tuple[QuestionnaireAssignment, str, str]], now: datetime
) -> list[Due]:
    found = []
    for assignment, name, zone_name in rows:
        zone = ZoneInfo(zone_name)
        last = db.exec(
            select(func.max(QuestionnaireResponse.submitted_at)).where(
                QuestionnaireResponse.patient_id == assignment.patient_id,
                QuestionnaireResponse.instrument == assignment.instrument,
            )
        ).one()
        base = (
            as_utc(last)
            if last is not None
            else as_utc(assignment.created_at) - timedelta(days=assignment.every_days)
        )
        due_at = base + timedelta(days=assignment.every_days)
        if due_at > now:
            continue
        found.append(
            Due(
                assignment.id,
                assignment.patient_id,
                name,
                assignment.instrument,
                assignment.every_days,
                due_at.astimezone(zone).date(),
                overdue=now - due_at >= OVERDUE_AFTER,
            )
        )
    return sorted(found, key=lambda d: d.due_on)


def due_for_me(db: Session, actor: Actor, *, now: datetime) -> list[Due]:
    """The patient's own questionnaires that are due now."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        return []
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    zone = zone_of(db, actor.user_id).key
    rows = db.exec(
        select(QuestionnaireAssignment).where(
            QuestionnaireAssignment.patient_id == patient_id,
            col(QuestionnaireAssignment.active).is_(True),
        )
    ).all()
    return _due(db, [(row, "", zone) for row in rows], now)


def assignments_of(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[QuestionnaireAssignment]:
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    return list(
        db.exec(
            select(QuestionnaireAssignment)
            .where(
                QuestionnaireAssignment.patient_id == patient_id,
                col(QuestionnaireAssignment.active).is_(True),
            )
            .order_by(col(QuestionnaireAssignment.instrument))
        ).all()
    )


def overdue_for_clinician(db: Session, actor: Actor, *, now: datetime) -> list[Due]:
    """Overdue questionnaires of the clinician's own patients, oldest first."""
    rows = db.exec(
        select(QuestionnaireAssignment, User.display_name, Patient.timezone)
        .join(Patient, col(Patient.id) == QuestionnaireAssignment.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .where(
            col(Patient.id).in_(patients_in_care(actor)),
            col(QuestionnaireAssignment.active).is_(True),
        )
    ).all()
    # Names and what is overdue of the clinician's own patients: one audited look.
    audit_list_look(db, actor, "questionnaires.overdue.read", "questionnaires", now=now)
    return [d for d in _due(db, [(a, n, z) for a, n, z in rows], now) if d.overdue]


def all_due(db: Session, *, now: datetime) -> list[Due]:
    """Every patient's due questionnaires, for the reminder planner (no person acting)."""
    rows = db.exec(
        select(QuestionnaireAssignment, Patient.timezone)
        .join(Patient, col(Patient.id) == QuestionnaireAssignment.patient_id)
        .where(col(QuestionnaireAssignment.active).is_(True))
    ).all()
    return _due(db, [(row, "", zone) for row, zone in rows], now)
