"""Psychotherapy notes: the therapist's own process notes, kept apart from the record.

Only the clinician who wrote a note can read it. The patient, a caregiver, the rest of the
care team and every export (FHIR, printable summary) never see it; nothing else reads this
table. Writing and reading still go through the access gate, so the author must be on the
patient's care team, and each look is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import PsychotherapyNote
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    load_patient_for,
    require_clinician,
)
from portal_app.services.problems import RecordProblem

NOTE_MAX = 8000


@dataclass(frozen=True)
class OwnNote:
    body: str
    created_at: datetime


def _author_only(actor: Actor) -> None:
    require_clinician(actor)


def my_notes_about(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[OwnNote]:
    """The acting clinician's own notes on this patient, newest first."""
    _author_only(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now)
    rows = db.exec(
        select(PsychotherapyNote)
        .where(
            PsychotherapyNote.author_id == actor.user_id,
            PsychotherapyNote.patient_id == patient_id,
        )
        .order_by(col(PsychotherapyNote.created_at).desc())
        .limit(100)
    ).all()
    return [OwnNote(n.body, n.created_at) for n in rows]


def write_note(
    db: Session, actor: Actor, patient_id: uuid.UUID, body: str, *, now: datetime
) -> str:
    """ "" when kept, else a catalog key."""
    _author_only(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    body = body.strip()
    if not body:
        return RecordProblem.NOTE_MISSING
    if len(body) > NOTE_MAX:
        return RecordProblem.TOO_LONG
    db.add(
        PsychotherapyNote(patient_id=patient_id, author_id=actor.user_id, body=body, created_at=now)
    )
    db.flush()
    return ""
