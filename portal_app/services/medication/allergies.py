"""Allergies the care team recorded. The patient reads them (and tells the team if something
is wrong); a removed allergy is kept with who removed it and when, never deleted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import Allergy, User
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    patient_in_view,
    require_clinician,
)
from portal_app.services.problems import RecordProblem

SEVERITIES = ("mild", "moderate", "severe", "unknown")


@dataclass(frozen=True)
class ShownAllergy:
    id: uuid.UUID
    substance: str
    reaction: str
    severity: str
    noted_by: str
    noted_at: datetime


def allergies_of(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[ShownAllergy]:
    """The allergies on file (not removed), by name."""
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now)
    rows = db.exec(
        select(Allergy, User.display_name)
        .join(User, col(User.id) == Allergy.noted_by)
        .where(Allergy.patient_id == patient_id, col(Allergy.removed_at).is_(None))
        .order_by(col(Allergy.substance))
    ).all()
    return [
        ShownAllergy(a.id, a.substance, a.reaction, a.severity, name, a.noted_at)
        for a, name in rows
    ]


def add_allergy(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    substance: str,
    reaction: str,
    severity: str,
    *,
    now: datetime,
) -> str:
    """ "" when recorded, else a catalog key (care team only)."""
    require_clinician(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    substance, reaction = " ".join(substance.split()), " ".join(reaction.split())
    if not substance:
        return RecordProblem.SUBSTANCE
    if len(substance) > 120 or len(reaction) > 300:
        return RecordProblem.TOO_LONG
    db.add(
        Allergy(
            patient_id=patient_id,
            substance=substance,
            reaction=reaction,
            severity=severity if severity in SEVERITIES else "unknown",
            noted_by=actor.user_id,
            noted_at=now,
        )
    )
    db.flush()
    return ""


def remove_allergy(db: Session, actor: Actor, allergy_id: uuid.UUID, *, now: datetime) -> None:
    """Take an allergy off the list (recorded by mistake, or no longer true)."""
    row = db.get(Allergy, allergy_id)
    require_clinician(actor)
    if row is None or row.removed_at is not None:
        raise NotFound
    load_patient_for(db, actor, row.patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    row.removed_at, row.removed_by = now, actor.user_id
    db.add(row)
    db.flush()
