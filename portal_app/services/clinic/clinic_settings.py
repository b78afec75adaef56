"""The clinic's care settings a clinic admin changes on screen: who is on call for risk
alerts (a clinician, and an after-hours email), how long an alert may wait in clinic hours,
and how patients book and cancel visits. Every change is audited."""

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


def _clinic(db: Session, actor: Actor) -> Clinic:
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
    clinic = _clinic(db, actor)
    return CareSettings(
        str(clinic.on_call_clinician_id or ""),
        clinic.after_hours_email,
        clinic.alert_escalation_minutes,
        clinic.booking_mode,
        clinic.cancel_before_hours,
    )


def save_settings(db: Session, actor: Actor, wanted: CareSettings, *, now: datetime) -> str:
    """ "" when saved, else the catalog key of what to fix (nothing is saved then)."""
    clinic = _clinic(db, actor)
    on_call: uuid.UUID | None = None
    if wanted.on_call_id:
        chosen = {str(i): i for i, _ in clinicians_of(db, clinic.id)}
        if wanted.on_call_id not in chosen:
            return ClinicSettingsProblem.ON_CALL_INVALID
        on_call = chosen[wanted.on_call_id]
    email = wanted.after_hours_email.strip().lower()
    if email and not EMAIL_SHAPE.match(email):
        return ClinicSettingsProblem.EMAIL_INVALID
    if wanted.escalation_minutes not in ESCALATION_MINUTES:
        return ClinicSettingsProblem.MINUTES_INVALID
    if wanted.booking_mode not in BOOKING_MODES:
        return ClinicSettingsProblem.BOOKING_INVALID
    if wanted.cancel_before_hours not in CANCEL_HOURS:
        return ClinicSettingsProblem.CANCEL_INVALID
    clinic.on_call_clinician_id, clinic.after_hours_email = on_call, email
    clinic.alert_escalation_minutes = wanted.escalation_minutes
    clinic.booking_mode, clinic.cancel_before_hours = (
        wanted.booking_mode,
        wanted.cancel_before_hours,
    )
    db.add(clinic)
    audit.record(
        db, "clinic.settings_changed", now=now, actor_id=actor.user_id, clinic_id=clinic.id
    )
    return ""
