"""Which reminders are due, and claiming them so each is sent once by one worker.

Planning is idempotent (each reminder has a unique key, inserts skip existing keys), so every
worker may plan. Claiming moves rows from "pending" to "sending" in one transaction (with
FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's write lock serializes), so no two workers
ever hold the same reminder.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from portal_app.models import (
    Appointment,
    CheckIn,
    Medicine,
    Patient,
    Reminder,
    ReminderSettings,
    VisitStatus,
)
from portal_app.services.common.claims import claim_pending
from portal_app.services.common.local_time import as_utc
from portal_app.services.groups.membership import still_in_group
from portal_app.services.measures.assignments import all_due
from portal_app.services.medication.schedule import after_quiet_hours, moments_between, parse_clock

KINDS = ("dose", "check_in", "questionnaire", "appointment", "message", "refill", "group")
SWITCH_OF = {
    "dose": "dose_on",
    "check_in": "check_in_on",
    "questionnaire": "questionnaire_on",
    "appointment": "appointment_on",
    "message": "message_on",
    "group": "appointment_on",  # a group meeting is reminded like a visit
}
PLAN_BEHIND = timedelta(minutes=15)  # a reminder later than this is no help any more
PLAN_AHEAD = timedelta(minutes=10)
STALE_CLAIM = timedelta(minutes=5)  # a worker that died while sending gives its rows back
SNOOZE = timedelta(minutes=15)
SHOWN_FOR = timedelta(hours=18)  # how long a reminder stays on Home


def insert_new(db: Session, rows: Iterable[dict[str, Any]], *, table: Any = Reminder) -> int:
    """Insert rows (reminders, or alert notices) whose key is new; rows another worker made
    first are skipped."""
    values = list(rows)
    if not values:
        return 0
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.id)
    )
    return len(db.connection().execute(statement, values).all())


def _row(
    patient: Patient,
    kind: str,
    key: str,
    moment: datetime,
    settings: ReminderSettings,
    **extra: Any,
) -> dict[str, Any]:
    zone = ZoneInfo(patient.timezone)
    due = after_quiet_hours(moment, zone, settings.quiet_from, settings.quiet_until)
    return {
        "id": uuid.uuid4(),
        "key": key,
        "patient_id": patient.id,
        "user_id": patient.user_id,
        "kind": kind,
        "scheduled_for": moment,
        "due_at": due,
        "status": "pending",
        "claimed_by": "",
        "created_at": extra.pop("now"),
        **extra,
    }


def settings_by_patient(db: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, ReminderSettings]:
    saved = db.exec(select(ReminderSettings).where(col(ReminderSettings.patient_id).in_(ids)))
    found = {row.patient_id: row for row in saved.all()}
    return {pid: found.get(pid) or ReminderSettings(patient_id=pid) for pid in ids}


def plan_doses(db: Session, *, now: datetime) -> int:
    start, end = now - PLAN_BEHIND, now + PLAN_AHEAD
    pairs = db.exec(
        select(Medicine, Patient)
        .join(Patient, col(Patient.id) == Medicine.patient_id)
        .where(col(Medicine.active).is_(True))
    ).all()
    settings = settings_by_patient(db, {p.id for _, p in pairs})
    rows = []
    for medicine, patient in pairs:
        chosen = settings[patient.id]
        if not chosen.dose_on or not medicine.times:
            continue
        zone = ZoneInfo(patient.timezone)
        for moment in moments_between(medicine.times, medicine.weekdays, zone, start, end):
            key = f"dose:{medicine.id}:{moment:%Y%m%dT%H%MZ}"
            rows.append(_row(patient, "dose", key, moment, chosen, ref_id=medicine.id, now=now))
    return insert_new(db, rows)


def plan_check_ins(db: Session, *, now: datetime) -> int:
    chosen_rows = db.exec(
        select(ReminderSettings, Patient)
        .join(Patient, col(Patient.id) == ReminderSettings.patient_id)
        .where(col(ReminderSettings.check_in_on).is_(True))
    ).all()
    rows = []
    for chosen, patient in chosen_rows:
        zone = ZoneInfo(patient.timezone)
        for moment in moments_between(
            [chosen.check_in_at], [], zone, now - PLAN_BEHIND, now + PLAN_AHEAD
        ):
            key = f"check_in:{patient.id}:{moment.astimezone(zone):%Y%m%d}"
            rows.append(_row(patient, "check_in", key, moment, chosen, now=now))
    return insert_new(db, rows)


def plan_questionnaires(db: Session, *, now: datetime) -> int:
    """One reminder per due questionnaire and due date (the same one is not repeated)."""
    due = all_due(db, now=now)
    patients = {
        p.id: p
        for p in db.exec(select(Patient).where(col(Patient.id).in_({d.patient_id for d in due})))
    }
    settings = settings_by_patient(db, set(patients))
    rows = [
        _row(
            patients[d.patient_id],
            "questionnaire",
            f"questionnaire:{d.assignment_id}:{d.due_on}",
            now,
            settings[d.patient_id],
            now=now,
        )
        for d in due
        if settings[d.patient_id].questionnaire_on
    ]
    return insert_new(db, rows)


def plan_due(db: Session, *, now: datetime, questionnaires: bool = True) -> int:
    """Make the reminders that fall due around now (doses, daily check-ins, questionnaires)."""
    planned = plan_doses(db, now=now) + plan_check_ins(db, now=now)
    return planned + (plan_questionnaires(db, now=now) if questionnaires else 0)


def remind_now(
    db: Session,
    patient: Patient,
    kind: str,
    *,
    key: str,
    now: datetime,
    ref_id: uuid.UUID | None = None,
) -> bool:
    """A reminder caused by something that just happened (a refill answer, a new message, a
    questionnaire due), sent at once unless it is off or the patient's quiet hours."""
    chosen = db.get(ReminderSettings, patient.id) or ReminderSettings(patient_id=patient.id)
    switch = SWITCH_OF.get(kind)
    if switch is not None and not getattr(chosen, switch):
        return False
    return insert_new(db, [_row(patient, kind, key, now, chosen, ref_id=ref_id, now=now)]) == 1


def remind_at(
    db: Session,
    patient: Patient,
    kind: str,
    *,
    key: str,
    at: datetime,
    now: datetime,
    ref_id: uuid.UUID | None = None,
) -> bool:
    """A reminder for a set moment (e.g. the day before a visit); nothing if it is in the past,
    switched off, or already planned under this key."""
    chosen = db.get(ReminderSettings, patient.id) or ReminderSettings(patient_id=patient.id)
    switch = SWITCH_OF.get(kind)
    if at <= now or (switch is not None and not getattr(chosen, switch)):
        return False
    return insert_new(db, [_row(patient, kind, key, at, chosen, ref_id=ref_id, now=now)]) == 1


def claim_due(db: Session, *, now: datetime, worker: str, limit: int = 500) -> list[uuid.UUID]:
    """Take up to `limit` due reminders for this worker; no other worker can take them too."""
    return claim_pending(
        db,
        Reminder,
        now=now,
        worker=worker,
        limit=limit,
        stale_after=STALE_CLAIM,
        ready=col(Reminder.due_at) <= now,
        order=col(Reminder.due_at),
    )


def still_wanted(
    db: Session,
    reminder: Reminder,
    chosen: ReminderSettings,
    zone: ZoneInfo,
    checked_in: set[tuple[uuid.UUID, date]],
) -> bool:
    """Settings or the schedule may have changed since the reminder was planned."""
    switch = SWITCH_OF.get(reminder.kind)
    if switch is not None and not getattr(chosen, switch):
        return False
    if reminder.kind == "check_in":
        day = as_utc(reminder.scheduled_for).astimezone(zone).date()
        return (reminder.patient_id, day) not in checked_in
    if reminder.kind == "appointment" and reminder.ref_id is not None:
        visit = db.get(Appointment, reminder.ref_id)  # a visit reminder: still on?
        return visit is None or visit.status == VisitStatus.BOOKED
    if reminder.kind == "group" and reminder.ref_id is not None:
        return still_in_group(db, reminder.ref_id, reminder.user_id)
    if reminder.kind != "dose":
        return True
    medicine = db.get(Medicine, reminder.ref_id) if reminder.ref_id else None
    if medicine is None or not medicine.active:
        return False
    moment = as_utc(reminder.scheduled_for)
    return moment in moments_between(
        medicine.times, medicine.weekdays, zone, moment, moment + timedelta(minutes=1)
    )


def checked_in_days(db: Session, reminders: list[Reminder]) -> set[tuple[uuid.UUID, date]]:
    """(patient, local day) pairs with a check-in, for the check-in reminders given: one
    query for a whole batch. No check-in reminder once the patient checked in that day."""
    wanted = {r.patient_id for r in reminders if r.kind == "check_in"}
    if not wanted:
        return set()
    since = min(as_utc(r.scheduled_for) for r in reminders).date() - timedelta(days=1)
    rows = db.exec(
        select(col(CheckIn.patient_id), col(CheckIn.local_date)).where(
            col(CheckIn.patient_id).in_(wanted), CheckIn.local_date >= since
        )
    ).all()
    return {(pid, day) for pid, day in rows}


def action_token(secret: str, reminder_id: uuid.UUID, user_id: uuid.UUID) -> str:
    """Lets the notification's buttons act on this one reminder without a signed-in page."""
    message = b"reminder-action:" + reminder_id.bytes + user_id.bytes
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def token_matches(secret: str, reminder: Reminder, token: str) -> bool:
    return hmac.compare_digest(action_token(secret, reminder.id, reminder.user_id), token)


def snooze(db: Session, reminder: Reminder, *, now: datetime) -> None:
    """Remind again in 15 minutes (the same reminder, sent once more)."""
    reminder.status, reminder.due_at, reminder.claimed_by = "pending", now + SNOOZE, ""
    db.add(reminder)
    db.flush()


def mark_done(db: Session, reminder: Reminder, *, now: datetime) -> None:
    reminder.done_at = now
    db.add(reminder)
    db.flush()


def clock_ok(value: str) -> bool:
    return parse_clock(value) is not None


def done_with_dose(
    db: Session, patient_id: uuid.UUID, medicine_id: uuid.UUID, moment: datetime, now: datetime
) -> None:
    """Logging a dose anywhere settles its reminder too."""
    for reminder in db.exec(
        select(Reminder).where(
            Reminder.patient_id == patient_id,
            Reminder.ref_id == medicine_id,
            Reminder.scheduled_for == moment,
            col(Reminder.done_at).is_(None),
        )
    ).all():
        mark_done(db, reminder, now=now)
