"""What a patient does with a reminder: "Taken" or "Remind me in 15 min", from the
notification's buttons (token-checked, no page needed) or from Home."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import Patient, Reminder, Role, User
from portal_app.services.access import Actor, NotFound, own_patient_id
from portal_app.services.common.local_time import as_utc
from portal_app.services.medication.medicines import log_dose
from portal_app.services.medication.reminders import SHOWN_FOR, mark_done, snooze, token_matches

ACTIONS = ("taken", "snooze", "open")


def act_by_token(
    db: Session,
    secret: str,
    reminder_id: uuid.UUID,
    token: str,
    action: str,
    *,
    now: datetime,
    client_address: str = "",
) -> None:
    """A notification button was pressed: check its token, then act as that patient."""
    reminder = db.get(Reminder, reminder_id)
    if reminder is None or action not in ACTIONS or not token_matches(secret, reminder, token):
        raise NotFound
    person = db.get(User, reminder.user_id)
    if person is None or not person.is_active or person.role is not Role.PATIENT:
        raise NotFound
    actor = Actor(person.id, person.role, person.clinic_id, client_address)
    act(db, actor, reminder, action, now=now)


def act(db: Session, actor: Actor, reminder: Reminder, action: str, *, now: datetime) -> None:
    if reminder.user_id != actor.user_id:
        raise NotFound
    if action == "snooze":
        if reminder.done_at is None:  # "Taken" on another device already settled it
            snooze(db, reminder, now=now)
        return
    if action == "taken" and reminder.kind == "dose" and reminder.ref_id is not None:
        log_dose(
            db,
            actor,
            reminder.ref_id,
            as_utc(reminder.scheduled_for),
            "taken",
            source="reminder",
            now=now,
        )
    mark_done(db, reminder, now=now)


def act_on_mine(
    db: Session, actor: Actor, reminder_id: uuid.UUID, action: str, *, now: datetime
) -> None:
    reminder = db.get(Reminder, reminder_id)
    if reminder is None or action not in ACTIONS:
        raise NotFound
    act(db, actor, reminder, action, now=now)


def waiting_for_me(db: Session, actor: Actor, *, now: datetime) -> list[Reminder]:
    """Reminders that are due and not acted on yet: Home shows them, pushed or not. Quiet
    hours and snoozes only hold the push (`due_at`); in the app a reminder shows from the
    moment it is about (`scheduled_for`), so a message at 23:00 is on Home at 23:00."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        return []
    rows = db.exec(
        select(Reminder)
        .join(Patient, col(Patient.id) == Reminder.patient_id)
        .where(
            Reminder.patient_id == patient_id,
            col(Reminder.done_at).is_(None),
            col(Reminder.scheduled_for) <= now,
            col(Reminder.due_at) > now - SHOWN_FOR,
            col(Reminder.status).in_(("pending", "sending", "sent", "no_device", "failed")),
        )
        .order_by(col(Reminder.scheduled_for).desc())
        .limit(10)
    ).all()
    return list(rows)
