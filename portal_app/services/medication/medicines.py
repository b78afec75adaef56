"""The patient's medicines: the list the clinician keeps, today's doses, and the dose log.

Only the care team's clinicians add or stop a medicine; the patient logs doses and may move
a dose reminder to a time that suits their day. Every read and change goes through the gate.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from portal_app.models import DoseLog, Medicine, Patient, Role
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    require_clinician,
)
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common import audit
from portal_app.services.common.local_time import as_utc
from portal_app.services.medication.reminders import done_with_dose
from portal_app.services.medication.schedule import clean_clocks, local_days, moments_between
from portal_app.services.problems import MedicineProblem

LATE_AFTER = timedelta(hours=1)
DOSE_STATUSES = ("taken", "skipped")
SOURCES = ("reminder", "home", "medicines")
MAX_TIMES = 8


@dataclass(frozen=True)
class MedicineForm:
    """What the clinician typed, checked before anything is stored."""

    name: str
    dose: str
    instructions: str = ""
    reason: str = ""
    prescriber: str = ""
    started_on: str = ""
    as_needed: bool = False
    times: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    max_per_day: str = ""  # "when needed": the most doses in one day ("" = not set)

    def daily_most(self) -> int | None:
        text = self.max_per_day.strip()
        return int(text) if text.isdigit() and self.as_needed else None

    def problem(self) -> str:
        """ "" when it can be saved, else the catalog key that says what to fix."""
        if not self.name.strip() or len(self.name) > 120:
            return MedicineProblem.NAME
        if not self.dose.strip() or len(self.dose) > 120:
            return MedicineProblem.DOSE
        if len(self.instructions) > 500 or len(self.reason) > 200 or len(self.prescriber) > 120:
            return MedicineProblem.TOO_LONG
        if self.start_date() is None:
            return MedicineProblem.START
        clocks = clean_clocks(self.times)
        if clocks is None or len(clocks) > MAX_TIMES:
            return MedicineProblem.TIMES
        if not self.as_needed and not clocks:
            return MedicineProblem.TIMES
        if any(day not in range(7) for day in self.weekdays):
            return MedicineProblem.DAYS
        most = self.max_per_day.strip()
        if self.as_needed and most and not (most.isdigit() and 1 <= int(most) <= 24):
            return MedicineProblem.MAX
        return ""

    def start_date(self) -> date | None:
        try:
            return date.fromisoformat(self.started_on.strip())
        except ValueError:
            return None


@dataclass(frozen=True)
class DoseDue:
    """One scheduled dose today, and what the patient logged for it (if anything)."""

    medicine_id: uuid.UUID
    name: str
    dose: str
    scheduled_for: datetime
    status: str  # "" while not logged yet


def _patient(db: Session, patient_id: uuid.UUID) -> Patient:
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFound
    return patient


def _medicine_for(
    db: Session,
    actor: Actor,
    medicine_id: uuid.UUID,
    *,
    now: datetime,
    action: Action,
    need: str | None = None,
) -> Medicine:
    medicine = db.get(Medicine, medicine_id)
    if medicine is None:
        raise NotFound
    load_patient_for(
        db, actor, medicine.patient_id, Category.MEDICINES, now=now, action=action, need=need
    )
    return medicine


def add_medicine(
    db: Session, actor: Actor, patient_id: uuid.UUID, form: MedicineForm, *, now: datetime
) -> str:
    """Put a medicine on the patient's list; "" when saved, else a catalog key."""
    require_clinician(actor)
    load_patient_for(db, actor, patient_id, Category.MEDICINES, now=now, action=Action.CHANGE)
    problem = form.problem()
    if problem:
        return problem
    db.add(
        Medicine(
            patient_id=patient_id,
            name=form.name.strip(),
            dose=form.dose.strip(),
            instructions=form.instructions.strip(),
            reason=form.reason.strip(),
            prescriber=form.prescriber.strip(),
            started_on=form.start_date() or now.date(),
            as_needed=form.as_needed,
            max_per_day=form.daily_most(),
            times=clean_clocks(form.times) or [],
            weekdays=sorted(set(form.weekdays)),
            created_by=actor.user_id,
            created_at=now,
        )
    )
    db.flush()
    return ""


def stop_medicine(db: Session, actor: Actor, medicine_id: uuid.UUID, *, now: datetime) -> None:
    require_clinician(actor)
    medicine = _medicine_for(db, actor, medicine_id, now=now, action=Action.CHANGE)
    medicine.active = False
    db.add(medicine)
    db.flush()


def medicines_of(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[Medicine]:
    """The patient's current medicines, by name."""
    load_patient_for(db, actor, patient_id, Category.MEDICINES, now=now)
    return list(
        db.exec(
            select(Medicine)
            .where(Medicine.patient_id == patient_id, col(Medicine.active).is_(True))
            .order_by(col(Medicine.name))
        ).all()
    )


def taken_today(db: Session, medicines: list[Medicine], now: datetime) -> dict[uuid.UUID, int]:
    """How many "when needed" doses of each medicine were taken today (the patient's day).
    `medicines` are one patient's, already read through the gate."""
    if not medicines:
        return {}
    zone = ZoneInfo(_patient(db, medicines[0].patient_id).timezone)
    start, end = today_bounds(zone, now)
    ids = [m.id for m in medicines if m.as_needed]
    if not ids:
        return {}
    rows = db.exec(
        select(DoseLog.medicine_id, func.count(col(DoseLog.id)))
        .where(
            col(DoseLog.medicine_id).in_(ids),
            col(DoseLog.scheduled_for).is_(None),
            DoseLog.status == "taken",
            col(DoseLog.recorded_at) >= start,
            col(DoseLog.recorded_at) < end,
        )
        .group_by(col(DoseLog.medicine_id))
    ).all()
    return {medicine_id: int(count) for medicine_id, count in rows}


def over_daily_most(db: Session, medicine: Medicine, now: datetime) -> bool:
    """More "when needed" doses today than the care team's most for a day."""
    if medicine.max_per_day is None:
        return False
    return taken_today(db, [medicine], now).get(medicine.id, 0) > medicine.max_per_day


def set_dose_times(
    db: Session, actor: Actor, medicine_id: uuid.UUID, times: list[str], *, now: datetime
) -> str:
    """The patient moves their dose times to fit their day; "" when saved, else a catalog key."""
    if actor.role is not Role.PATIENT:
        raise NotFound
    medicine = _medicine_for(db, actor, medicine_id, now=now, action=Action.CHANGE)
    clocks = clean_clocks(times)
    if clocks is None or len(clocks) > MAX_TIMES or (not clocks and not medicine.as_needed):
        return MedicineProblem.TIMES
    medicine.times = clocks
    db.add(medicine)
    db.flush()
    return ""


def doses_between(
    db: Session, medicines: list[Medicine], zone: ZoneInfo, start: datetime, end: datetime
) -> list[DoseDue]:
    """Scheduled doses in [start, end) with what was logged for each, in time order."""
    ids = [m.id for m in medicines]
    start, end = start.astimezone(UTC), end.astimezone(UTC)  # stored and compared in UTC
    logged = {
        (row.medicine_id, as_utc(row.scheduled_for)): row.status
        for row in db.exec(
            select(DoseLog).where(
                col(DoseLog.medicine_id).in_(ids),
                col(DoseLog.scheduled_for) >= start,
                col(DoseLog.scheduled_for) < end,
            )
        ).all()
        if row.scheduled_for is not None
    }
    found = []
    for medicine in medicines:
        if medicine.as_needed and not medicine.times:
            continue
        first = max(start, at_start_of(medicine.started_on, zone))
        for moment in moments_between(medicine.times, medicine.weekdays, zone, first, end):
            status = logged.get((medicine.id, moment), "")
            found.append(DoseDue(medicine.id, medicine.name, medicine.dose, moment, status))
    return sorted(found, key=lambda d: (d.scheduled_for, d.name))


def at_start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=zone)


def today_bounds(zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """The person's day as [start, end) in UTC, as every time is stored: SQLite compares
    stored times as text, so bounds written in another zone miss an evening's rows (found:
    doses taken after 19:00 in New York never counted for the daily most)."""
    day = next(local_days(now, now, zone))
    return (
        at_start_of(day, zone).astimezone(UTC),
        at_start_of(day + timedelta(days=1), zone).astimezone(UTC),
    )


def doses_today(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[DoseDue]:
    medicines = medicines_of(db, actor, patient_id, now=now)
    zone = ZoneInfo(_patient(db, patient_id).timezone)
    start, end = today_bounds(zone, now)
    return doses_between(db, medicines, zone, start, end)


def log_dose(
    db: Session,
    actor: Actor,
    medicine_id: uuid.UUID,
    scheduled_for: datetime | None,
    status: str,
    *,
    source: str,
    now: datetime,
) -> str:
    """Log a dose as taken (late when over an hour after its time) or skipped. Logging the
    same scheduled dose again changes it: the patient can correct a wrong tap."""
    if actor.role not in (Role.PATIENT, Role.CAREGIVER):
        raise NotFound
    if status not in DOSE_STATUSES or source not in SOURCES:
        raise NotFound
    medicine = _medicine_for(
        db, actor, medicine_id, now=now, action=Action.CHANGE, need=Permission.MEDICINES_LOG_DOSES
    )
    if scheduled_for is None and not medicine.as_needed:
        raise NotFound  # a dose at no set time is only for "when needed" medicines
    if scheduled_for is not None:
        scheduled_for = as_utc(scheduled_for)
        zone = ZoneInfo(_patient(db, medicine.patient_id).timezone)
        real = moments_between(
            medicine.times, medicine.weekdays, zone, scheduled_for, scheduled_for + timedelta(1)
        )
        if not real or real[0] != scheduled_for or scheduled_for > now + timedelta(hours=12):
            raise NotFound
    if status == "taken" and scheduled_for is not None and now - scheduled_for > LATE_AFTER:
        status = "late"
    existing = (
        db.exec(
            select(DoseLog).where(
                DoseLog.medicine_id == medicine_id, DoseLog.scheduled_for == scheduled_for
            )
        ).first()
        if scheduled_for is not None
        else None
    )
    entry = existing or DoseLog(
        medicine_id=medicine_id,
        patient_id=medicine.patient_id,
        scheduled_for=scheduled_for,
        status=status,
        recorded_at=now,
        recorded_by=actor.user_id,
        source=source,
    )
    entry.status, entry.recorded_at, entry.source = status, now, source
    try:
        with db.begin_nested():
            db.add(entry)
    except IntegrityError:  # the same dose logged at the same moment from two places
        return status
    if scheduled_for is not None:
        done_with_dose(db, medicine.patient_id, medicine_id, scheduled_for, now)
    elif status == "taken" and over_daily_most(db, medicine, now):
        # Recorded for the care team, who see it flagged on the medicine.
        audit.record(
            db,
            "medicines.over_daily_most",
            now=now,
            actor_id=actor.user_id,
            patient_id=medicine.patient_id,
            clinic_id=actor.clinic_id,
            category=Category.MEDICINES.value,
        )
        return "over_daily_most"
    return status


@dataclass(frozen=True)
class LoggedDose:
    name: str
    scheduled_for: datetime | None  # None for an as-needed dose
    status: str
    recorded_at: datetime


def dose_log_of(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime, days: int = 7
) -> list[LoggedDose]:
    """What the patient logged in the last `days` days, newest first."""
    load_patient_for(db, actor, patient_id, Category.MEDICINES, now=now)
    rows = db.exec(
        select(DoseLog, Medicine.name)
        .join(Medicine, col(Medicine.id) == DoseLog.medicine_id)
        .where(
            DoseLog.patient_id == patient_id,
            col(DoseLog.recorded_at) >= now - timedelta(days=days),
        )
        .order_by(col(DoseLog.recorded_at).desc())
        .limit(100)
    ).all()
    return [
        LoggedDose(
            name,
            as_utc(row.scheduled_for) if row.scheduled_for else None,
            row.status,
            as_utc(row.recorded_at),
        )
        for row, name in rows
    ]
