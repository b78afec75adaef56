"""Risk alerts reach only the patient's own care team and close only with a note."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, CareTeamMembership, Clinic, Patient, RiskAlert, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team.risk_alerts import (
    acknowledge,
    clinic_minutes_between,
    closed_alerts_of,
    escalate_overdue,
    open_alerts_for,
)
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from tests.factories import answers_entry, make_patient

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
    entry = answers_entry("phq9", [0] * 8 + [item9], moment)
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


def clinic() -> Clinic:
    return Clinic(
        slug="x", name="x", timezone="America/New_York", opens_at_hour=8, closes_at_hour=18
    )


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2026-11-25T14:00:00+00:00", "2026-11-25T15:00:00+00:00", 60),  # Wed 9:00-10:00 in NY
        ("2026-11-25T22:30:00+00:00", "2026-11-26T14:30:00+00:00", 120),  # Wed 17:30 .. Thu 9:30
        ("2026-11-27T22:00:00+00:00", "2026-11-30T13:30:00+00:00", 90),  # Fri 17:00 .. Mon 8:30
        ("2026-11-28T14:00:00+00:00", "2026-11-28T20:00:00+00:00", 0),  # all Saturday
        (
            "2026-03-06T14:00:00+00:00",
            "2026-03-09T13:00:00+00:00",
            600,
        ),  # Fri 9:00 EST .. Mon 9:00 EDT
    ],
)
def test_minutes_count_only_in_clinic_hours(start: str, end: str, minutes: int) -> None:
    got = clinic_minutes_between(
        clinic(), datetime.fromisoformat(start), datetime.fromisoformat(end)
    )
    assert got == minutes


def test_unanswered_alerts_escalate_once_after_60_clinic_minutes(db) -> None:
    opened = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # Wednesday 9:00 in New York
    _, patient = patient_with_alert(
        db, "rae.four@example.org", minutes_ago=int((T0 - opened).total_seconds() // 60)
    )
    alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).one()
    alert.opened_at = opened
    db.add(alert)
    escalate_overdue(db, now=opened + timedelta(minutes=59))
    assert alert.escalated_at is None
    escalate_overdue(db, now=opened + timedelta(minutes=61))
    db.refresh(alert)
    assert alert.escalated_at is not None
    first = alert.escalated_at
    escalate_overdue(db, now=opened + timedelta(hours=3))
    db.refresh(alert)
    assert alert.escalated_at == first
    seen = mine(open_alerts_for(db, RIVERA, now=T0), {patient.id})
    assert seen[0].escalated


def test_the_alert_shows_what_was_answered_not_just_a_total(db) -> None:
    """Found: staff saw "PHQ-9" and a level, never item 9's answer nor which safety
    questions were "yes"."""
    patient_actor, patient = patient_with_alert(db, "rae.answers@example.org", item9=2)
    screener = answers_entry("cssrs", [1, 1, 0, 1, 0, 0, None], T0)
    sync(db, patient_actor, [screener], now=T0)
    (alert,) = mine(open_alerts_for(db, RIVERA, now=T0), {patient.id})
    flagged = [(line.question, line.answer) for line in alert.answers if line.flagged]
    assert flagged[0] == (
        "Thoughts that you would be better off dead, or of hurting yourself in some way",
        "More than half the days",
    )
    assert [answer for _, answer in flagged[1:]] == ["Yes", "Yes", "Yes"]
    assert flagged[1][0].startswith("In the past month, have you wished you were dead")
    assert len(alert.answers) == 9 + 6  # every PHQ-9 answer, and the screener's answered ones
    assert not any(line.flagged for line in alert.answers[:8])


def test_closed_alerts_keep_who_closed_them_when_and_the_note(db) -> None:
    _, patient = patient_with_alert(db, "rae.history@example.org")
    (alert,) = mine(open_alerts_for(db, RIVERA, now=T0), {patient.id})
    later = T0 + timedelta(minutes=20)
    assert acknowledge(db, RIVERA, alert.id, "Called Rae; safe at home.", now=later) == ""
    (closed,) = closed_alerts_of(db, RIVERA, patient.id, now=later)
    assert (closed.closed_by, closed.closed_at, closed.note) == (
        "Dr. Ana Rivera",
        later,
        "Called Rae; safe at home.",
    )
    assert (closed.reason, closed.opened_at) == ("phq9_item9", T0)
    with pytest.raises(NotFound):
        closed_alerts_of(db, CHEN, patient.id, now=later)
