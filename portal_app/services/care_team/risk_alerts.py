"""Risk alerts for the care team: who is waiting, and acknowledging one with a note.

A clinician sees the open alerts of the patients on their own care teams, oldest first. An
alert closes only with a note, and every look and every acknowledgement is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select, update

from portal_app.models import (
    Clinic,
    Patient,
    QuestionnaireResponse,
    RiskAlert,
    User,
)
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    is_clinician,
    load_patient_for,
    patients_in_care,
    require_clinician,
)
from portal_app.services.care_team.alert_notices import queue_escalation
from portal_app.services.care_team.patient_contact import Contact
from portal_app.services.common import audit
from portal_app.services.common.local_time import as_utc
from portal_app.services.measures.answer_lines import AnswerLine, answer_lines
from portal_app.services.problems import AlertProblem

LEVEL_ORDER = {"high": 0, "pending": 1, "moderate": 2, "low": 3}


@dataclass(frozen=True)
class OpenAlert:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    reason: str
    level: str
    opened_at: datetime
    escalated: bool = False
    # What the patient answered (the item-9 questionnaire, then the safety questions), and
    # how to reach them now.
    answers: tuple[AnswerLine, ...] = ()
    contact: Contact = field(default_factory=Contact)


@dataclass(frozen=True)
class ClosedAlert:
    reason: str
    level: str
    opened_at: datetime
    closed_at: datetime
    closed_by: str
    note: str


def _answers_of(db: Session, alert: RiskAlert, language: str) -> tuple[AnswerLine, ...]:
    lines: list[AnswerLine] = []
    for response_id in (alert.response_id, alert.screener_response_id):
        response = db.get(QuestionnaireResponse, response_id) if response_id else None
        if response is not None:
            lines += answer_lines(response, language)
    return tuple(lines)


def _contact(patient: Patient) -> Contact:
    return Contact(
        patient.phone, patient.emergency_name, patient.emergency_relation, patient.emergency_phone
    )


def open_alerts_for(db: Session, actor: Actor, *, now: datetime) -> list[OpenAlert]:
    """Open alerts of the clinician's own patients: highest level first, then oldest first."""
    rows = db.exec(
        select(RiskAlert, User)
        .join(Patient, col(Patient.id) == RiskAlert.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .where(
            col(RiskAlert.patient_id).in_(patients_in_care(actor)),
            RiskAlert.clinic_id == actor.clinic_id,
            col(RiskAlert.acknowledged_at).is_(None),
        )
        .order_by(col(RiskAlert.opened_at))
    ).all()
    alerts = []
    reader = db.get(User, actor.user_id)
    language = reader.language.value if reader else "en"
    for alert, person in rows:
        # Reading who is at risk is reading their record: audited through the gate.
        patient = load_patient_for(db, actor, alert.patient_id, Category.QUESTIONNAIRES, now=now)
        alerts.append(
            OpenAlert(
                alert.id,
                alert.patient_id,
                person.display_name,
                alert.reason,
                alert.level,
                alert.opened_at,
                escalated=alert.escalated_at is not None,
                answers=_answers_of(db, alert, language),
                contact=_contact(patient),
            )
        )
    # Escalated first, then the highest level, then whoever has waited longest.
    return sorted(alerts, key=lambda a: (not a.escalated, LEVEL_ORDER.get(a.level, 9), a.opened_at))


def alerts_version(db: Session, actor: Actor, patient_id: uuid.UUID | None = None) -> str:
    """Changes whenever an open alert of the clinician's patients (or of one patient) opens,
    changes level, is escalated or is closed: open pages reload on a change. Ids only, so
    nothing of anyone's record is read (or audited) just to look."""
    if not is_clinician(actor):
        return ""
    query = select(RiskAlert.id, RiskAlert.level, RiskAlert.escalated_at).where(
        col(RiskAlert.patient_id).in_(patients_in_care(actor)),
        col(RiskAlert.acknowledged_at).is_(None),
    )
    if patient_id is not None:
        query = query.where(RiskAlert.patient_id == patient_id)
    return repr(sorted((str(i), level, str(at)) for i, level, at in db.exec(query).all()))


def closed_alerts_of(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[ClosedAlert]:
    """A patient's closed alerts, newest first: who closed each, when, and their note."""
    require_clinician(actor)
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    rows = db.exec(
        select(RiskAlert, User.display_name)
        .join(User, col(User.id) == RiskAlert.acknowledged_by)
        .where(RiskAlert.patient_id == patient_id, col(RiskAlert.acknowledged_at).is_not(None))
        .order_by(col(RiskAlert.acknowledged_at).desc())
        .limit(50)
    ).all()
    return [
        ClosedAlert(a.reason, a.level, as_utc(a.opened_at), as_utc(a.acknowledged_at), name, a.note)
        for a, name in rows
        if a.acknowledged_at is not None
    ]


def acknowledge(db: Session, actor: Actor, alert_id: uuid.UUID, note: str, *, now: datetime) -> str:
    """Close an open alert with the clinician's note; "" when done, else a catalog key."""
    note = note.strip()
    if not note:
        return AlertProblem.NOTE_MISSING
    alert = db.get(RiskAlert, alert_id)
    if alert is None or alert.acknowledged_at is not None:
        raise NotFound
    load_patient_for(
        db, actor, alert.patient_id, Category.QUESTIONNAIRES, now=now, action=Action.CHANGE
    )
    require_clinician(actor)
    alert.acknowledged_at, alert.acknowledged_by, alert.note = now, actor.user_id, note[:2000]
    db.add(alert)
    db.flush()
    return ""


def clinic_minutes_between(clinic: Clinic, start: datetime, end: datetime) -> float:
    """Minutes between two moments that fall in the clinic's open hours (its own time zone)."""
    zone = ZoneInfo(clinic.timezone)
    open_days = {int(d) for d in clinic.open_weekdays.split(",") if d.strip().isdigit()}
    start, end = as_utc(start).astimezone(zone), as_utc(end).astimezone(zone)
    total, day = 0.0, start.date()
    while day <= end.date():
        if day.weekday() in open_days:
            opens = datetime.combine(day, time(clinic.opens_at_hour), tzinfo=zone)
            closes = datetime.combine(day, time(0), tzinfo=zone) + timedelta(
                hours=clinic.closes_at_hour
            )
            overlap = (min(closes, end) - max(opens, start)).total_seconds() / 60
            total += max(overlap, 0)
        day += timedelta(days=1)
    return total


def escalate_overdue(db: Session, *, now: datetime) -> int:
    """Escalate open alerts unanswered for longer than the clinic allows (in clinic hours),
    once each: the on-call clinician and after-hours contact are told, and the care team sees
    them first. Safe to run on every worker."""
    count = 0
    open_alerts = db.exec(
        select(RiskAlert, Clinic)
        .join(Clinic, col(Clinic.id) == RiskAlert.clinic_id)
        .where(col(RiskAlert.acknowledged_at).is_(None), col(RiskAlert.escalated_at).is_(None))
    ).all()
    for alert, clinic in open_alerts:
        if clinic_minutes_between(clinic, alert.opened_at, now) < clinic.alert_escalation_minutes:
            continue
        claimed = db.exec(
            update(RiskAlert)
            .where(col(RiskAlert.id) == alert.id, col(RiskAlert.escalated_at).is_(None))
            .values(escalated_at=now)
        )
        if claimed.rowcount == 1:
            audit.record(
                db,
                "risk_alert.escalated",
                now=now,
                patient_id=alert.patient_id,
                clinic_id=alert.clinic_id,
                category=Category.QUESTIONNAIRES.value,
            )
            queue_escalation(db, alert, clinic, now=now)
            count += 1
    return count
