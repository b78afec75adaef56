"""The clinic's care settings a clinic admin changes on screen: who is on call for risk
alerts (a clinician, and an after-hours email), the clinic's hours and how long an alert may
wait in them, how patients book and cancel visits, and the ages at which a guardian sees less
and then nothing. Every change is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import Clinic, Role, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.common import audit
from portal_app.services.identity.invitations import EMAIL_SHAPE
from portal_app.services.problems import ClinicSettingsProblem

BOOKING_MODES = ("book", "request")
ESCALATION_MINUTES = (15, 30, 60, 120, 240)
CANCEL_HOURS = (0, 12, 24, 48, 72)


@dataclass(frozen=True)
class CareSettings:
    on_call_id: str  # "" when nobody is named
    after_hours_email: str
    escalation_minutes: int
    booking_mode: str
    cancel_before_hours: int
    # Clinic hours in the clinic's time zone: alerts escalate within them, and outside them the
    # on-call clinician and after-hours service are told at once.
    opens_at_hour: int = 8
    closes_at_hour: int = 18
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    # Guardians of children (services/caregivers/proxy_policy.py).
    teen_from_age: int = 12
    adult_age: int = 18


def age_rules_problem(teen_from: int, adult_at: int) -> bool:
    """Whether these ages cannot be the clinic's rules for guardians."""
    return not 8 <= teen_from < adult_at <= 21


def admins_clinic(db: Session, actor: Actor) -> Clinic:
    """The clinic admin's own clinic (anyone else: NotFound)."""
    if actor.role is not Role.CLINIC_ADMIN:
        raise NotFound
    clinic = db.get(Clinic, actor.clinic_id)
    if clinic is None:
        raise NotFound
    return clinic


def clinicians_of(db: Session, clinic_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """The clinic's active clinicians (id, name), by name: who may be on call."""
    rows = db.exec(
        select(User.id, User.display_name)
        .where(
            User.clinic_id == clinic_id,
            User.role == Role.CLINICIAN,
            col(User.is_active).is_(True),
        )
        .order_by(col(User.display_name))
    ).all()
    return [(i, n) for i, n in rows]


def settings_of(db: Session, actor: Actor) -> CareSettings:
    clinic = admins_clinic(db, actor)
    return CareSettings(
        str(clinic.on_call_clinician_id or ""),
        clinic.after_hours_email,
        clinic.alert_escalation_minutes,
        clinic.booking_mode,
        clinic.cancel_before_hours,
        clinic.opens_at_hour,
        clinic.closes_at_hour,
        tuple(int(d) for d in clinic.open_weekdays.split(",") if d.strip().isdigit()),
        clinic.teen_from_age,
        clinic.adult_age,
    )


def _problem(wanted: CareSettings) -> str:
    """The catalog key of the first value that cannot be used (the on-call choice aside)."""
    email = wanted.after_hours_email.strip().lower()
    checks = (
        (bool(email) and not EMAIL_SHAPE.match(email), ClinicSettingsProblem.EMAIL_INVALID),
        (
            wanted.escalation_minutes not in ESCALATION_MINUTES,
            ClinicSettingsProblem.MINUTES_INVALID,
        ),
        (wanted.booking_mode not in BOOKING_MODES, ClinicSettingsProblem.BOOKING_INVALID),
        (wanted.cancel_before_hours not in CANCEL_HOURS, ClinicSettingsProblem.CANCEL_INVALID),
        (
            not 0 <= wanted.opens_at_hour < wanted.closes_at_hour <= 24,
            ClinicSettingsProblem.HOURS_INVALID,
        ),
        (
            not wanted.open_days or not set(wanted.open_days) <= set(range(7)),
            ClinicSettingsProblem.DAYS_INVALID,
        ),
        (
            age_rules_problem(wanted.teen_from_age, wanted.adult_age),
            ClinicSettingsProblem.AGES_INVALID,
        ),
    )
    return next((key for failed, key in checks if failed), "")


def save_settings(db: Session, actor: Actor, wanted: CareSettings, *, now: datetime) -> str:
    """ "" when saved, else the catalog key of what to fix (nothing is saved then)."""
    clinic = admins_clinic(db, actor)
    on_call: uuid.UUID | None = None
    if wanted.on_call_id:
        chosen = {str(i): i for i, _ in clinicians_of(db, clinic.id)}
        if wanted.on_call_id not in chosen:
            return ClinicSettingsProblem.ON_CALL_INVALID
        on_call = chosen[wanted.on_call_id]
    problem = _problem(wanted)
    if problem:
        return problem
    email = wanted.after_hours_email.strip().lower()
    clinic.on_call_clinician_id, clinic.after_hours_email = on_call, email
    clinic.alert_escalation_minutes = wanted.escalation_minutes
    clinic.booking_mode, clinic.cancel_before_hours = (
        wanted.booking_mode,
        wanted.cancel_before_hours,
    )
    clinic.opens_at_hour, clinic.closes_at_hour = wanted.opens_at_hour, wanted.closes_at_hour
    clinic.open_weekdays = ",".join(str(d) for d in sorted(set(wanted.open_days)))
    clinic.teen_from_age, clinic.adult_age = wanted.teen_from_age, wanted.adult_age
    db.add(clinic)
    audit.record(
        db, "clinic.settings_changed", now=now, actor_id=actor.user_id, clinic_id=clinic.id
    )
    return ""
