"""Questionnaires on a schedule: due at once, again N days after the last answers, overdue
after 3 more days; only the patient's own care team assigns or sees them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, CareTeamMembership, Patient, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.assignments import (
    assign,
    assignments_of,
    due_for_me,
    overdue_for_clinician,
    stop,
)
from portal_app.services.measures.journal import sync
from tests.factories import answers_entry, make_patient

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)


@pytest.fixture
def pia(db) -> tuple[Actor, Patient]:
    user = make_patient(db, "pia.assign@example.org", "Pia Assign")
    patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=RIVERA.user_id, is_primary=True))
    db.flush()
    return Actor(user.id, Role.PATIENT, CLINIC), patient


def answer_phq9(db, me: Actor, when: datetime) -> None:
    sync(
        db,
        me,
        [answers_entry("phq9", [0] * 9, when)],
        now=when,
    )


def test_due_at_once_then_every_14_days_after_the_last_answers(db, pia) -> None:
    me, patient = pia
    assign(db, RIVERA, patient.id, "phq9", 14, now=T0)
    assert [d.instrument for d in due_for_me(db, me, now=T0)] == ["phq9"]
    answer_phq9(db, me, T0 + timedelta(hours=1))
    assert due_for_me(db, me, now=T0 + timedelta(days=13)) == []
    due = due_for_me(db, me, now=T0 + timedelta(days=14, hours=2))
    assert len(due) == 1 and not due[0].overdue
    ours = [
        d
        for d in overdue_for_clinician(db, RIVERA, now=T0 + timedelta(days=18))
        if d.patient_id == patient.id
    ]
    assert len(ours) == 1 and ours[0].patient_name == "Pia Assign"
    assert [
        d
        for d in overdue_for_clinician(db, CHEN, now=T0 + timedelta(days=18))
        if d.patient_id == patient.id
    ] == []


def test_assigning_again_replaces_and_stopping_ends_it(db, pia) -> None:
    me, patient = pia
    first = assign(db, RIVERA, patient.id, "gad7", 7, now=T0)
    assign(db, RIVERA, patient.id, "gad7", 28, now=T0)
    assert [
        (a.instrument, a.every_days) for a in assignments_of(db, RIVERA, patient.id, now=T0)
    ] == [("gad7", 28)]
    assert first.active is False
    stop(db, RIVERA, assignments_of(db, RIVERA, patient.id, now=T0)[0].id, now=T0)
    assert due_for_me(db, me, now=T0) == []


@pytest.mark.parametrize(
    ("who", "instrument", "every"),
    [("chen", "phq9", 14), ("patient", "phq9", 14), ("rivera", "cssrs", 14), ("rivera", "phq9", 3)],
)
def test_only_the_care_team_assigns_and_only_what_is_offered(
    db, pia, who, instrument, every
) -> None:
    me, patient = pia
    actor = {"chen": CHEN, "patient": me, "rivera": RIVERA}[who]
    with pytest.raises(NotFound):
        assign(db, actor, patient.id, instrument, every, now=T0)


def test_the_overdue_list_is_for_clinicians_and_each_look_is_audited(db, pia) -> None:
    me, patient = pia
    assign(db, RIVERA, patient.id, "phq9", 14, now=T0)
    with pytest.raises(NotFound):
        overdue_for_clinician(db, me, now=T0 + timedelta(days=18))
    later = T0 + timedelta(days=18)
    overdue_for_clinician(db, RIVERA, now=later)
    looks = db.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == RIVERA.user_id,
            AuditEvent.action == "questionnaires.overdue.read",
            AuditEvent.at == later,
        )
    ).all()
    assert len(looks) == 1 and looks[0].patient_id is None
