"""The clinician's one page about a patient: who they are, their latest scores, and a gentle
check-in reminder the team can send. Everything else on that page comes from the services that
own it (trends, medicines, messages, risk alerts, team notes)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from portal_app.models import PushSubscription, ReminderSettings, User
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    load_patient_for,
    require_clinician,
)
from portal_app.services.measures.progress_report import SCORED, submitted_totals
from portal_app.services.measures.trends import Point, band_name, is_rising
from portal_app.services.medication.reminders import remind_now


@dataclass(frozen=True)
class Header:
    name: str
    age: int
    since: date


@dataclass(frozen=True)
class LatestScore:
    instrument: str
    total: int
    band: str  # the band's catalog name, e.g. "moderately_severe"
    before: int | None
    rising: bool
    on: datetime


def _team_only(actor: Actor) -> None:
    require_clinician(actor)


def header_of(db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime) -> Header:
    _team_only(actor)
    patient = load_patient_for(db, actor, patient_id, Category.PROFILE, now=now)
    name = db.exec(select(User.display_name).where(User.id == patient.user_id)).one()
    born, today = patient.date_of_birth, now.date()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return Header(name, age, patient.created_at.date())


def latest_scores(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[LatestScore]:
    """The newest total of each measure, with the one before and whether it went up."""
    _team_only(actor)
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    found = []
    for instrument_id in SCORED:
        rows = submitted_totals(db, patient_id, instrument_id, newest_first=True, limit=2)
        if not rows:
            continue
        totals = [total for _, total in rows]
        points = [Point(now.date(), float(t)) for t in reversed(totals)]
        found.append(
            LatestScore(
                instrument_id,
                totals[0],
                band_name(instrument_id, totals[0]),
                totals[1] if len(totals) > 1 else None,
                is_rising(instrument_id, points),
                rows[0][0],
            )
        )
    return found


REMIND_OUTCOMES = ("sent", "no_device", "switched_off", "already_today")


def remind_to_check_in(db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime) -> str:
    """A neutral check-in reminder from the team (at most one a day; quiet hours respected).
    Says what happened in terms staff can act on (found: one message blamed the patient for
    both "turned off" and "already sent"): "sent" to a phone, "no_device" (it waits on their
    Home page, and goes by email if they chose that), "switched_off", or "already_today"."""
    _team_only(actor)
    patient = load_patient_for(
        db, actor, patient_id, Category.CHECK_INS, now=now, action=Action.CHANGE
    )
    chosen = db.get(ReminderSettings, patient.id) or ReminderSettings(patient_id=patient.id)
    if not chosen.check_in_on:
        return "switched_off"
    key = f"team-check-in:{patient.id}:{now.date().isoformat()}"
    if not remind_now(db, patient, "check_in", key=key, now=now):
        return "already_today"
    devices = db.exec(
        select(PushSubscription.id).where(PushSubscription.user_id == patient.user_id)
    ).first()
    return "sent" if devices else "no_device"
