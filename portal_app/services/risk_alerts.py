"""Risk alerts for the care team: who is waiting, and acknowledging one with a note.

A clinician sees the open alerts of the patients on their own care teams, oldest first. An
alert closes only with a note, and every look and every acknowledgement is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import CareTeamMembership, Patient, RiskAlert, Role, User
from portal_app.services.access import Action, Actor, Category, NotFound, load_patient_for

LEVEL_ORDER = {"high": 0, "pending": 1, "moderate": 2, "low": 3}


@dataclass(frozen=True)
class OpenAlert:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    reason: str
    level: str
    opened_at: datetime


def open_alerts_for(db: Session, actor: Actor, *, now: datetime) -> list[OpenAlert]:
    """Open alerts of the clinician's own patients: highest level first, then oldest first."""
    if actor.role is not Role.CLINICIAN:
        raise NotFound
    rows = db.exec(
        select(RiskAlert, User)
        .join(Patient, col(Patient.id) == RiskAlert.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .join(CareTeamMembership, col(CareTeamMembership.patient_id) == RiskAlert.patient_id)
        .where(
            CareTeamMembership.clinician_id == actor.user_id,
            RiskAlert.clinic_id == actor.clinic_id,
            col(RiskAlert.acknowledged_at).is_(None),
        )
        .order_by(col(RiskAlert.opened_at))
    ).all()
    alerts = []
    for alert, person in rows:
        # Reading who is at risk is reading their record: audited through the gate.
        load_patient_for(db, actor, alert.patient_id, Category.QUESTIONNAIRES, now=now)
        alerts.append(
            OpenAlert(
                alert.id,
                alert.patient_id,
                person.display_name,
                alert.reason,
                alert.level,
                alert.opened_at,
            )
        )
    return sorted(alerts, key=lambda a: (LEVEL_ORDER.get(a.level, 9), a.opened_at))


def acknowledge(db: Session, actor: Actor, alert_id: uuid.UUID, note: str, *, now: datetime) -> str:
    """Close an open alert with the clinician's note; "" when done, else a catalog key."""
    note = note.strip()
    if not note:
        return "alerts.note_missing"
    alert = db.get(RiskAlert, alert_id)
    if alert is None or alert.acknowledged_at is not None:
        raise NotFound
    load_patient_for(
        db, actor, alert.patient_id, Category.QUESTIONNAIRES, now=now, action=Action.CHANGE
    )
    if actor.role is not Role.CLINICIAN:
        raise NotFound
    alert.acknowledged_at, alert.acknowledged_by, alert.note = now, actor.user_id, note[:2000]
    db.add(alert)
    db.flush()
    return ""
