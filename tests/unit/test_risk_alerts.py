"""Risk alerts reach only the patient's own care team and close only with a note."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, CareTeamMembership, Patient, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.demo_seed import demo_id
from portal_app.services.journal import sync
from portal_app.services.risk_alerts import acknowledge, open_alerts_for
from tests.factories import make_patient

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)


def patient_with_alert(db, email: str, item9: int = 2, minutes_ago: int = 0):
    user = make_patient(db, email, "Rae Risk")
    patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=RIVERA.user_id, is_primary=True))
    db.flush()
    actor = Actor(user.id, Role.PATIENT, CLINIC)
    moment = T0 - timedelta(minutes=minutes_ago)
    entry = {
        "kind": "questionnaire",
        "id": str(uuid.uuid4()),
        "recorded_at": moment.isoformat(),
        "instrument": "phq9",
        "answers": [0] * 8 + [item9],
        "submitted": True,
    }
    assert sync(db, actor, [entry], now=moment).alerts == 1
    return actor, patient


def mine(alerts, patient_ids) -> list:
    return [a for a in alerts if a.patient_id in patient_ids]


def test_the_care_team_sees_open_alerts_oldest_first_others_do_not(db) -> None:
    _, first = patient_with_alert(db, "rae.one@example.org", minutes_ago=30)
    _, second = patient_with_alert(db, "rae.two@example.org", minutes_ago=5)
    ours = {first.id, second.id}
    seen = mine(open_alerts_for(db, RIVERA, now=T0), ours)
    assert [a.patient_id for a in seen] == [first.id, second.id] and seen[0].level == "pending"
    assert mine(open_alerts_for(db, CHEN, now=T0), ours) == []
    for role in (Role.PATIENT, Role.CLINIC_ADMIN, Role.CAREGIVER):
        with pytest.raises(NotFound):
            open_alerts_for(db, Actor(RIVERA.user_id, role, CLINIC), now=T0)


def test_an_alert_closes_only_with_a_note_by_the_care_team(db) -> None:
    patient_actor, patient = patient_with_alert(db, "rae.three@example.org")
    alert = mine(open_alerts_for(db, RIVERA, now=T0), {patient.id})[0]
    assert acknowledge(db, RIVERA, alert.id, "   ", now=T0) == "alerts.note_missing"
    for outsider in (CHEN, patient_actor):
        with pytest.raises(NotFound):
            acknowledge(db, outsider, alert.id, "Called, safe at home.", now=T0)
    assert acknowledge(db, RIVERA, alert.id, "Called, safe at home.", now=T0) == ""
    assert mine(open_alerts_for(db, RIVERA, now=T0), {patient.id}) == []
    with pytest.raises(NotFound):  # already closed
        acknowledge(db, RIVERA, alert.id, "again", now=T0)
    changes = db.exec(
        select(AuditEvent).where(
            AuditEvent.patient_id == patient.id, AuditEvent.action == "questionnaires.change"
        )
    ).all()
    assert RIVERA.user_id in {event.actor_id for event in changes}
