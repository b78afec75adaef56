"""The patient's reminder choices: which kinds, the check-in time, and quiet hours."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from portal_app.models import ReminderSettings, Role
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    own_patient_id,
)
from portal_app.services.medication.schedule import parse_clock

SWITCHES = ("dose_on", "check_in_on", "questionnaire_on", "appointment_on", "message_on")
CHOICES = (*SWITCHES, "email_too", "neutral_look")
CLOCKS = ("check_in_at", "quiet_from", "quiet_until")


def settings_for(db: Session, patient_id: uuid.UUID) -> ReminderSettings:
    """Saved choices, or the defaults (not stored until the patient changes something)."""
    return db.get(ReminderSettings, patient_id) or ReminderSettings(patient_id=patient_id)


def my_settings(db: Session, actor: Actor, *, now: datetime) -> ReminderSettings:
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    load_patient_for(db, actor, patient_id, Category.MEDICINES, now=now)
    return settings_for(db, patient_id)


@dataclass(frozen=True)
class SettingsForm:
    switches: dict[str, bool]
    clocks: dict[str, str]


def save_my_settings(db: Session, actor: Actor, form: SettingsForm, *, now: datetime) -> str:
    """ "" when saved, else the catalog key of what to fix (nothing is half-saved)."""
    patient_id = own_patient_id(db, actor)
    if actor.role is not Role.PATIENT or patient_id is None:
        raise NotFound
    load_patient_for(db, actor, patient_id, Category.MEDICINES, now=now, action=Action.CHANGE)
    clocks = {name: form.clocks.get(name, "") for name in CLOCKS}
    if any(parse_clock(value) is None for value in clocks.values()):
        return "reminders.problem.time"
    current = settings_for(db, patient_id)
    for name in CHOICES:
        setattr(current, name, bool(form.switches.get(name, False)))
    for name, value in clocks.items():
        clock = parse_clock(value)
        assert clock is not None
        setattr(current, name, clock.strftime("%H:%M"))
    db.add(current)
    db.flush()
    return ""
