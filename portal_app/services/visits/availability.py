"""The hours a clinician offers, days away, and the open slots that follow from them.

Hours are the clinic's wall-clock times: each day's slots are worked out in the clinic's zone,
so a 09:00 slot stays 09:00 across daylight-saving changes. A slot is open when it is on a
weekly rule, not on a day away, not taken by a live appointment, and far enough ahead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from portal_app.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Clinic,
    Role,
    User,
)
from portal_app.models.appointments import LIVE
from portal_app.services.access import Actor, NotFound, require_clinician
from portal_app.services.common.local_time import as_utc
from portal_app.services.medication.schedule import at_local, parse_clock
from portal_app.services.problems import HoursProblem

KINDS = ("in_person", "video")
LENGTHS = (30, 45, 50, 60, 90)
GAPS = (0, 5, 10, 15)
NOTICE = timedelta(hours=2)  # the soonest a slot can be taken
WINDOW_DAYS = 28


@dataclass(frozen=True)
class Slot:
    clinician_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    kind: str
    location: str


def clinic_zone(db: Session, clinic_id: uuid.UUID) -> ZoneInfo:
    clinic = db.get(Clinic, clinic_id)
    return ZoneInfo(clinic.timezone if clinic else "UTC")


def _clinician(db: Session, actor: Actor) -> User:
    user = db.get(User, actor.user_id)
    require_clinician(actor)
    if user is None:
        raise NotFound
    return user


def add_rule(
    db: Session,
    actor: Actor,
    *,
    weekday: int,
    starts: str,
    ends: str,
    minutes: int,
    kind: str,
    location: str,
    gap: int = 0,
) -> str:
    """Offer weekly hours; "" when saved, else a catalog key saying what to fix. Hours that
    overlap hours already offered that day are refused (found: two rules gave two visits at
    once)."""
    me = _clinician(db, actor)
    start, end = parse_clock(starts), parse_clock(ends)
    if weekday not in range(7) or start is None or end is None or minutes not in LENGTHS:
        return HoursProblem.FIELDS
    if kind not in KINDS or gap not in GAPS:
        return HoursProblem.FIELDS
    if datetime.combine(date.min, end) - datetime.combine(date.min, start) < timedelta(
        minutes=minutes
    ):
        return HoursProblem.TOO_SHORT
    location = location.strip()
    if kind == "video" and not location.lower().startswith("https://"):
        return HoursProblem.VIDEO_LINK
    if len(location) > 200:
        return HoursProblem.FIELDS
    for rule in (r for r in rules_of(db, me.id) if r.weekday == weekday):
        other_start, other_end = parse_clock(rule.starts), parse_clock(rule.ends)
        if other_start and other_end and start < other_end and other_start < end:
            return HoursProblem.OVERLAP
    db.add(
        AvailabilityRule(
            clinician_id=me.id,
            clinic_id=me.clinic_id,
            weekday=weekday,
            starts=start.strftime("%H:%M"),
            ends=end.strftime("%H:%M"),
            minutes=minutes,
            gap_minutes=gap,
            kind=kind,
            location=location,
        )
    )
    db.flush()
    return ""


def rules_of(db: Session, clinician_id: uuid.UUID) -> list[AvailabilityRule]:
    return list(
        db.exec(
            select(AvailabilityRule)
            .where(AvailabilityRule.clinician_id == clinician_id, col(AvailabilityRule.active))
            .order_by(col(AvailabilityRule.weekday), col(AvailabilityRule.starts))
        ).all()
    )


def remove_rule(db: Session, actor: Actor, rule_id: uuid.UUID) -> None:
    rule = db.get(AvailabilityRule, rule_id)
    if rule is None or rule.clinician_id != _clinician(db, actor).id:
        raise NotFound
    rule.active = False
    db.add(rule)
    db.flush()


def add_day_away(db: Session, actor: Actor, on_date: date, note: str) -> str:
    me = _clinician(db, actor)
    exists = db.exec(
        select(AvailabilityException.id).where(
            AvailabilityException.clinician_id == me.id, AvailabilityException.on_date == on_date
        )
    ).first()
    if exists is None:
        db.add(AvailabilityException(clinician_id=me.id, on_date=on_date, note=note.strip()[:200]))
        db.flush()
    return ""


def days_away(db: Session, clinician_id: uuid.UUID, since: date) -> list[AvailabilityException]:
    return list(
        db.exec(
            select(AvailabilityException)
            .where(
                AvailabilityException.clinician_id == clinician_id,
                col(AvailabilityException.on_date) >= since,
            )
            .order_by(col(AvailabilityException.on_date))
        ).all()
    )


def remove_day_away(db: Session, actor: Actor, exception_id: uuid.UUID) -> None:
    row = db.get(AvailabilityException, exception_id)
    if row is None or row.clinician_id != _clinician(db, actor).id:
        raise NotFound
    db.delete(row)
    db.flush()


def _rule_slots(rule: AvailabilityRule, day: date, zone: ZoneInfo) -> list[Slot]:
    start, end = parse_clock(rule.starts), parse_clock(rule.ends)
    if start is None or end is None:
        return []
    found, clock = [], datetime.combine(day, start)
    length, last = timedelta(minutes=rule.minutes), datetime.combine(day, end)
    step = length + timedelta(minutes=rule.gap_minutes)
    while clock + length <= last:
        begins = at_local(day, clock.time(), zone)
        found.append(Slot(rule.clinician_id, begins, begins + length, rule.kind, rule.location))
        clock += step
    return found


def open_slots(
    db: Session, clinician_id: uuid.UUID, *, now: datetime, days: int = WINDOW_DAYS
) -> list[Slot]:
    """Every open slot of the clinician from now + notice, over the next `days` days."""
    clinician = db.get(User, clinician_id)
    if clinician is None or clinician.role is not Role.CLINICIAN or not clinician.is_active:
        return []
    zone = clinic_zone(db, clinician.clinic_id)
    first = now.astimezone(zone).date()
    away = {e.on_date for e in days_away(db, clinician_id, first)}
    # Busy times, not just start minutes: a slot that overlaps any live visit is not open.
    busy = [
        (as_utc(starts), as_utc(ends))
        for starts, ends in db.exec(
            select(Appointment.starts_at, Appointment.ends_at).where(
                Appointment.clinician_id == clinician_id,
                col(Appointment.status).in_(LIVE),
                col(Appointment.ends_at) >= now - timedelta(days=1),
            )
        ).all()
    ]
    rules = rules_of(db, clinician_id)
    slots: list[Slot] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day in away:
            continue
        for rule in (r for r in rules if r.weekday == day.weekday()):
            slots.extend(_rule_slots(rule, day, zone))
    soonest = now.astimezone(UTC) + NOTICE
    return sorted(
        (
            s
            for s in slots
            if s.starts_at >= soonest
            and not any(s.starts_at < ends and starts < s.ends_at for starts, ends in busy)
        ),
        key=lambda s: s.starts_at,
    )
