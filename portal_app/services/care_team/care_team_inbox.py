"""The care team's shared inbox: threads waiting for an answer first (oldest first), who is
handling each one, hand-offs with a note only the team sees, done, and saved reply texts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlmodel import Session, col, func, select

from portal_app.content.catalog import text
from portal_app.models import (
    MessageThread,
    Patient,
    SavedReply,
    ThreadNote,
    User,
)
from portal_app.services.access import (
    Action,
    Actor,
    NotFound,
    audit_list_look,
    care_team_of,
    is_clinician,
    patients_in_care,
    patients_in_care_of,
    require_clinician,
)
from portal_app.services.care_team.messaging import bump, thread_for
from portal_app.services.clinic.tenancy import origin_of_clinic
from portal_app.services.common.mail import build_message
from portal_app.services.problems import InboxProblem

SHOWS = ("waiting", "mine", "all")
NOTE_MAX = 2000


@dataclass(frozen=True)
class InboxThread:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    subject: str
    waiting_since: datetime | None
    last_message_at: datetime
    handled_by: uuid.UUID | None
    handler_name: str
    done: bool


def inbox_query(clinician_id: uuid.UUID, clinic_id: uuid.UUID, show: str) -> Any:
    """Threads of the clinician's own patients. Waiting ones first, longest wait first."""
    handler = User.__table__.alias("handler")  # type: ignore[attr-defined]
    query = (
        select(MessageThread, User.display_name, handler.c.display_name)
        .join(Patient, col(Patient.id) == MessageThread.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .outerjoin(handler, handler.c.id == MessageThread.handled_by)
        .where(
            col(MessageThread.patient_id).in_(patients_in_care_of(clinician_id, clinic_id)),
            MessageThread.clinic_id == clinic_id,
        )
    )
    if show == "waiting":
        query = query.where(col(MessageThread.waiting_since).is_not(None))
    elif show == "mine":
        query = query.where(
            MessageThread.handled_by == clinician_id, col(MessageThread.done_at).is_(None)
        )
    return query.order_by(
        col(MessageThread.waiting_since).is_(None),
        col(MessageThread.waiting_since),
        col(MessageThread.last_message_at).desc(),
        col(MessageThread.id),  # ties keep one order, so the list never shuffles under a tap
    ).limit(200)


def inbox_for(db: Session, actor: Actor, *, show: str, now: datetime) -> list[InboxThread]:
    require_clinician(actor)
    rows = db.exec(inbox_query(actor.user_id, actor.clinic_id, show)).all()
    # The list shows names and subjects of the clinician's own patients: one audited look.
    audit_list_look(db, actor, "messages.inbox.read", "messages", now=now)
    return [
        InboxThread(
            t.id,
            t.patient_id,
            name,
            t.subject,
            t.waiting_since,
            t.last_message_at,
            t.handled_by,
            handler_name or "",
            t.done_at is not None,
        )
        for t, name, handler_name in rows
    ]


def inbox_version(db: Session, actor: Actor) -> int:
    """A number that changes whenever a thread of the clinician's patients changes."""
    if not is_clinician(actor):
        return 0
    total = db.exec(
        select(
            func.coalesce(func.sum(MessageThread.version), 0) + func.count(col(MessageThread.id))
        ).where(col(MessageThread.patient_id).in_(patients_in_care(actor)))
    ).one()
    return int(total)


def team_of(db: Session, patient_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """The clinicians on a patient's care team (id, name), by name."""
    return [(person.id, person.display_name) for person in care_team_of(db, patient_id)]


def hand_to(
    db: Session,
    actor: Actor,
    thread_id: uuid.UUID,
    clinician_id: uuid.UUID,
    note: str,
    *,
    now: datetime,
    tell: Callable[[EmailMessage], None] | None = None,
    origin: str = "",
) -> str:
    """Give a thread to a colleague on the care team (or take it: clinician_id = me), with an
    optional note for the team; the colleague is emailed. "" when done, else a catalog key."""
    require_clinician(actor)
    thread = thread_for(db, actor, thread_id, now=now, action=Action.CHANGE)
    if clinician_id not in {i for i, _ in team_of(db, thread.patient_id)}:
        return InboxProblem.NOT_ON_TEAM
    if len(note) > NOTE_MAX:
        return InboxProblem.NOTE_LONG
    thread.handled_by = clinician_id
    db.add(thread)
    if note.strip():
        db.add(ThreadNote(thread_id=thread.id, author_id=actor.user_id, body=note.strip()))
    db.flush()
    bump(db, thread.id)
    if tell is not None and clinician_id != actor.user_id:
        _tell(db, clinician_id, "email.handoff.handed", origin, tell)
    return ""


def mark_done(
    db: Session,
    actor: Actor,
    thread_id: uuid.UUID,
    note: str = "",
    *,
    now: datetime,
    tell: Callable[[EmailMessage], None] | None = None,
    origin: str = "",
) -> str:
    """Nothing more to do for now; a new message from the patient opens it again. A thread a
    colleague is handling closes only with a note saying why, and they are told (found: a
    colleague's thread closed with no word to them). "" when done, else a catalog key."""
    require_clinician(actor)
    thread = thread_for(db, actor, thread_id, now=now, action=Action.CHANGE)
    someone_else = thread.handled_by not in (None, actor.user_id)
    if someone_else and not note.strip():
        return InboxProblem.DONE_NEEDS_NOTE
    if len(note) > NOTE_MAX:
        return InboxProblem.NOTE_LONG
    if note.strip():
        db.add(ThreadNote(thread_id=thread.id, author_id=actor.user_id, body=note.strip()))
    thread.done_at, thread.waiting_since = now, None
    db.add(thread)
    db.flush()
    bump(db, thread.id)
    if someone_else and tell is not None and thread.handled_by is not None:
        _tell(db, thread.handled_by, "email.handoff.closed", origin, tell)
    return ""


def _tell(
    db: Session,
    colleague_id: uuid.UUID,
    words: str,
    origin: str,
    tell: Callable[[EmailMessage], None],
) -> None:
    """A neutral email to a colleague: something changed in a conversation they handle. No
    patient, no subject, no text: those are behind the sign-in."""
    person = db.get(User, colleague_id)
    if person is None or not person.is_active:
        return
    language = person.language.value
    link = origin_of_clinic(db, person.clinic_id, origin) + "/messages"
    body = text(f"{words}.body", language).format(link=link)
    tell(build_message(person.email, text(f"{words}.subject", language), body))


def saved_replies(db: Session, actor: Actor) -> list[SavedReply]:
    require_clinician(actor)
    return list(
        db.exec(
            select(SavedReply)
            .where(SavedReply.owner_id == actor.user_id)
            .order_by(col(SavedReply.title))
        ).all()
    )


def save_reply_text(db: Session, actor: Actor, title: str, body: str) -> str:
    """Keep a reply text for later; "" when kept, else a catalog key."""
    require_clinician(actor)
    if not title.strip() or not body.strip():
        return InboxProblem.SAVED_MISSING
    if len(title.strip()) > 80 or len(body) > 2000:
        return InboxProblem.SAVED_LONG
    db.add(SavedReply(owner_id=actor.user_id, title=title.strip(), body=body.strip()))
    db.flush()
    return ""


def delete_reply_text(db: Session, actor: Actor, reply_id: uuid.UUID) -> None:
    row = db.get(SavedReply, reply_id)
    if row is None or row.owner_id != actor.user_id:
        raise NotFound
    db.delete(row)
    db.flush()
