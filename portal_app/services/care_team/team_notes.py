"""Notes about a patient for the care team only: never shown to the patient or a caregiver."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import CareTeamNote, User
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    load_patient_for,
    require_clinician,
)
from portal_app.services.problems import OverviewProblem

NOTE_MAX = 4000


@dataclass(frozen=True)
class ShownNote:
    author: str
    body: str
    created_at: datetime


def _team_only(actor: Actor) -> None:
    require_clinician(actor)


def notes_about(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[ShownNote]:
    """The team's notes, newest first."""
    _team_only(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now)
    rows = db.exec(
        select(CareTeamNote, User.display_name)
        .join(User, col(User.id) == CareTeamNote.author_id)
        .where(CareTeamNote.patient_id == patient_id)
        .order_by(col(CareTeamNote.created_at).desc())
        .limit(50)
    ).all()
    return [ShownNote(name, note.body, note.created_at) for note, name in rows]


def add_note(db: Session, actor: Actor, patient_id: uuid.UUID, body: str, *, now: datetime) -> str:
    """ "" when kept, else a catalog key."""
    _team_only(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    if not body.strip():
        return OverviewProblem.NOTE_MISSING
    if len(body) > NOTE_MAX:
        return OverviewProblem.NOTE_LONG
    db.add(CareTeamNote(patient_id=patient_id, author_id=actor.user_id, body=body.strip()))
    db.flush()
    return ""
