"""Secure messages: a patient and their care team write in threads.

Everything goes through the access gate (category MESSAGES), so only the patient and the
clinicians on their care team can read or write a thread, and every read and write is audited.
A message from the patient puts the thread in the team's inbox until someone on the team answers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, func, select, update

from portal_app.models import (
    Clinic,
    Message,
    MessageAttachment,
    MessageThread,
    Patient,
    Role,
    ThreadNote,
    User,
)
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    can,
    load_patient_for,
    own_patient_id,
    patient_in_view,
)
from portal_app.services.care_team.attachments import bind_pending
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.medication.reminders import remind_now
from portal_app.services.problems import MessageProblem

SUBJECT_MAX, BODY_MAX = 120, 5000


@dataclass(frozen=True)
class Attachment:
    id: uuid.UUID
    file_name: str
    size: int


@dataclass(frozen=True)
class ShownMessage:
    id: uuid.UUID
    from_patient: bool
    author: str
    body: str
    sent_at: datetime
    read_by_team: bool
    attachments: list[Attachment] = field(default_factory=list)
    for_patient: str = ""  # sent by a caregiver: the patient's name ("Sam (caregiver) for Alex")


@dataclass(frozen=True)
class TeamNote:
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class ShownThread:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    subject: str
    handled_by: uuid.UUID | None
    done: bool
    waiting_since: datetime | None
    version: int
    messages: list[ShownMessage]
    notes: list[TeamNote]  # empty for patients, always


def check_text(subject: str | None, body: str) -> str:
    """ "" when the words can be sent, else a catalog key saying what to fix."""
    if subject is not None and not subject.strip():
        return MessageProblem.SUBJECT_MISSING
    if subject is not None and len(subject.strip()) > SUBJECT_MAX:
        return MessageProblem.SUBJECT_LONG
    if not body.strip():
        return MessageProblem.BODY_MISSING
    if len(body) > BODY_MAX:
        return MessageProblem.BODY_LONG
    return ""


def thread_for(
    db: Session, actor: Actor, thread_id: uuid.UUID, *, now: datetime, action: Action = Action.READ
) -> MessageThread:
    """The thread if the actor may see it (audited); NotFound otherwise."""
    thread = db.get(MessageThread, thread_id)
    if thread is None or actor.role is Role.CLINIC_ADMIN:
        raise NotFound
    need = Permission.MESSAGES_SEND if action is Action.CHANGE else None
    load_patient_for(
        db, actor, thread.patient_id, Category.MESSAGES, now=now, action=action, need=need
    )
    return thread


def _add_message(
    db: Session,
    actor: Actor,
    thread: MessageThread,
    body: str,
    attachment_ids: list[uuid.UUID],
    *,
    now: datetime,
) -> Message:
    from_patient = actor.role is not Role.CLINICIAN  # the patient, or their caregiver for them
    message = Message(
        thread_id=thread.id,
        author_id=actor.user_id,
        from_patient=from_patient,
        body=body.strip(),
        sent_at=now,
    )
    db.add(message)
    db.flush()
    bind_pending(db, actor, thread.patient_id, attachment_ids, message.id)
    thread.last_message_at = now
    thread.done_at = None
    if from_patient:
        thread.waiting_since = thread.waiting_since or now
    else:
        thread.waiting_since = None
        # Someone on the team answered: the patient is told, in neutral words only.
        patient = db.get(Patient, thread.patient_id)
        if patient is not None:
            remind_now(
                db, patient, "message", key=f"message:{message.id}", now=now, ref_id=thread.id
            )
    db.add(thread)
    db.flush()
    bump(db, thread.id)
    return message


def bump(db: Session, thread_id: uuid.UUID) -> None:
    """Count one more change, in SQL so that two writers at once both count."""
    db.exec(
        update(MessageThread)
        .where(col(MessageThread.id) == thread_id)
        .values(version=col(MessageThread.version) + 1)
    )


def start_thread(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID | None,
    subject: str,
    body: str,
    *,
    now: datetime,
    attachment_ids: list[uuid.UUID] | None = None,
) -> MessageThread:
    """A new conversation: a patient (or their caregiver, for them) with their care team, or
    a clinician with a patient."""
    patient_id = patient_in_view(db, actor, patient_id)
    patient = load_patient_for(
        db,
        actor,
        patient_id,
        Category.MESSAGES,
        now=now,
        action=Action.CHANGE,
        need=Permission.MESSAGES_SEND,
    )
    thread = MessageThread(
        patient_id=patient.id,
        clinic_id=patient.clinic_id,
        subject=subject.strip(),
        last_message_at=now,
    )
    db.add(thread)
    db.flush()
    _add_message(db, actor, thread, body, attachment_ids or [], now=now)
    return thread


def reply(
    db: Session,
    actor: Actor,
    thread_id: uuid.UUID,
    body: str,
    *,
    now: datetime,
    attachment_ids: list[uuid.UUID] | None = None,
) -> Message:
    thread = thread_for(db, actor, thread_id, now=now, action=Action.CHANGE)
    return _add_message(db, actor, thread, body, attachment_ids or [], now=now)


def _names(db: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = db.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all()
    return dict(rows)


def _attachments_of(db: Session, message_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Attachment]]:
    found: dict[uuid.UUID, list[Attachment]] = {}
    if not message_ids:
        return found
    rows = db.exec(
        select(MessageAttachment).where(col(MessageAttachment.message_id).in_(message_ids))
    ).all()
    for row in rows:
        if row.message_id is not None:
            found.setdefault(row.message_id, []).append(Attachment(row.id, row.file_name, row.size))
    return found


def _mark_read(db: Session, actor: Actor, thread_id: uuid.UUID, *, now: datetime) -> bool:
    """The viewer has now seen what the other side wrote; True if anything was new. A
    caregiver reading leaves the patient's messages unread for the patient."""
    if actor.role is Role.CAREGIVER:
        return False
    by_team = actor.role is Role.CLINICIAN
    stamp = Message.read_by_team_at if by_team else Message.read_by_patient_at
    result = db.exec(
        update(Message)
        .where(
            col(Message.thread_id) == thread_id,
            col(Message.from_patient) == by_team,
            col(stamp).is_(None),
        )
        .values({stamp: now})
    )
    return bool(result.rowcount)


def open_thread(db: Session, actor: Actor, thread_id: uuid.UUID, *, now: datetime) -> ShownThread:
    """Read a thread (and mark the other side's messages read)."""
    thread = thread_for(db, actor, thread_id, now=now)
    if _mark_read(db, actor, thread_id, now=now):
        bump(db, thread_id)  # the patient's page shows "Read by your care team" at once
        db.refresh(thread)
    rows = db.exec(
        select(Message).where(Message.thread_id == thread_id).order_by(col(Message.sent_at))
    ).all()
    notes = (
        db.exec(
            select(ThreadNote)
            .where(ThreadNote.thread_id == thread_id)
            .order_by(col(ThreadNote.created_at))
        ).all()
        if actor.role is Role.CLINICIAN
        else []
    )
    names = _names(db, {m.author_id for m in rows} | {n.author_id for n in notes})
    files = _attachments_of(db, [m.id for m in rows])
    patient_user, patient_name = db.exec(
        select(User.id, User.display_name)
        .join(Patient, col(Patient.user_id) == User.id)
        .where(Patient.id == thread.patient_id)
    ).one()
    messages = [
        ShownMessage(
            m.id,
            m.from_patient,
            names.get(m.author_id, ""),
            m.body,
            m.sent_at,
            m.read_by_team_at is not None,
            files.get(m.id, []),
            patient_name if m.from_patient and m.author_id != patient_user else "",
        )
        for m in rows
    ]
    return ShownThread(
        thread.id,
        thread.patient_id,
        patient_name,
        thread.subject,
        thread.handled_by,
        thread.done_at is not None,
        thread.waiting_since,
        thread.version,
        messages,
        [TeamNote(names.get(n.author_id, ""), n.body, n.created_at) for n in notes],
    )


def thread_version(db: Session, actor: Actor, thread_id: uuid.UUID) -> int | None:
    """How far a thread has changed, for open pages polling for news. Reads no health data,
    so it is checked but not audited; None when the actor may not see it."""
    thread = db.get(MessageThread, thread_id)
    if thread is None or not can(db, actor, Action.READ, thread.patient_id, Category.MESSAGES):
        return None
    return thread.version


@dataclass(frozen=True)
class ThreadSummary:
    id: uuid.UUID
    subject: str
    last_message_at: datetime
    unread: int
    waiting: bool


def threads_of_patient(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[ThreadSummary]:
    """A patient's threads, newest first, with how many team messages they have not read."""
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.MESSAGES, now=now)
    unread_side = actor.role is not Role.CLINICIAN
    stamp = Message.read_by_patient_at if unread_side else Message.read_by_team_at
    unread = (
        select(func.count(col(Message.id)))
        .where(
            col(Message.thread_id) == MessageThread.id,
            col(Message.from_patient) != unread_side,
            col(stamp).is_(None),
        )
        .correlate(MessageThread)
        .scalar_subquery()
    )
    rows = db.exec(
        select(MessageThread, unread)
        .where(MessageThread.patient_id == patient_id)
        .order_by(col(MessageThread.last_message_at).desc(), col(MessageThread.id))
    ).all()
    return [
        ThreadSummary(t.id, t.subject, t.last_message_at, int(n), t.waiting_since is not None)
        for t, n in rows
    ]


def unread_for_patient(db: Session, actor: Actor) -> int:
    """How many care-team messages the patient has not opened yet (for Home)."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        return 0
    count = db.exec(
        select(func.count(col(Message.id)))
        .join(MessageThread, col(MessageThread.id) == Message.thread_id)
        .where(
            MessageThread.patient_id == patient_id,
            col(Message.from_patient).is_(False),
            col(Message.read_by_patient_at).is_(None),
        )
    ).one()
    return int(count)


def usual_reply_hours(db: Session, clinic_id: uuid.UUID) -> int:
    """How soon the clinic usually answers, to set the patient's expectations."""
    clinic = db.get(Clinic, clinic_id)
    return clinic.usual_reply_hours if clinic else 48


def threads_version(db: Session, actor: Actor) -> int:
    """For a patient's (or their caregiver's) open list: changes whenever one of their threads
    changes. Checked, not audited (no health data is read)."""
    patient_id = own_patient_id(db, actor) if actor.role is Role.PATIENT else actor.helping
    if patient_id is None or not can(db, actor, Action.READ, patient_id, Category.MESSAGES):
        return 0
    changes = func.coalesce(func.sum(MessageThread.version), 0) + func.count(col(MessageThread.id))
    return int(db.exec(select(changes).where(MessageThread.patient_id == patient_id)).one())
