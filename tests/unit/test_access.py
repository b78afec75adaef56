"""The access gate: own record, own care team, nothing else; refusals look like absence."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, Clinic, Role, User
from portal_app.services.access import Action, Actor, Category, NotFound, can, load_patient_for
from portal_app.services.clinic.demo_seed import demo_id

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
ALEX_PATIENT = demo_id("patient", "alex@example.org")
CASEY_PATIENT = demo_id("patient", "casey@example.org")


def actor(email: str, role: Role, clinic: uuid.UUID = CLINIC) -> Actor:
    return Actor(user_id=demo_id("user", email), role=role, clinic_id=clinic)


ALEX = actor("alex@example.org", Role.PATIENT)
JORDAN = actor("jordan@example.org", Role.PATIENT)
RIVERA = actor("dr.rivera@example.org", Role.CLINICIAN)  # Alex's primary
CHEN = actor("dr.chen@example.org", Role.CLINICIAN)  # on Alex's team too; Casey's primary
ADMIN = actor("admin@example.org", Role.CLINIC_ADMIN)
SAM = actor("sam@example.org", Role.CAREGIVER)  # helps Alex with visits and medicines only


@pytest.mark.parametrize(
    ("who", "patient", "allowed"),
    [
        (ALEX, ALEX_PATIENT, True),
        (JORDAN, ALEX_PATIENT, False),
        (RIVERA, ALEX_PATIENT, True),
        (CHEN, ALEX_PATIENT, True),
        (RIVERA, CASEY_PATIENT, False),
        (ADMIN, ALEX_PATIENT, False),
        (SAM, ALEX_PATIENT, False),
    ],
)
def test_who_may_read_whom(db, who: Actor, patient: uuid.UUID, allowed: bool) -> None:
    assert can(db, who, Action.READ, patient, Category.CHECK_INS) is allowed


def test_a_clinician_of_another_clinic_is_refused_even_with_a_team_row(db) -> None:
    other = Clinic(slug="elsewhere", name="Elsewhere Clinic")
    db.add(other)
    db.flush()
    stranger = User(
        email="dr.x@elsewhere.example", display_name="Dr X", role=Role.CLINICIAN, clinic_id=other.id
    )
    db.add(stranger)
    db.flush()
    assert not can(
        db,
        Actor(stranger.id, Role.CLINICIAN, other.id),
        Action.READ,
        ALEX_PATIENT,
        Category.RECORDS,
    )
    # Even claiming the demo clinic's id does not help: the team row is what counts.
    assert not can(
        db, Actor(stranger.id, Role.CLINICIAN, CLINIC), Action.READ, ALEX_PATIENT, Category.RECORDS
    )


def test_refused_and_missing_look_the_same(db) -> None:
    with pytest.raises(NotFound) as refused:
        load_patient_for(db, JORDAN, ALEX_PATIENT, Category.MESSAGES, now=T0)
    with pytest.raises(NotFound) as missing:
        load_patient_for(db, JORDAN, uuid.uuid4(), Category.MESSAGES, now=T0)
    assert str(refused.value) == str(missing.value)


def test_every_allowed_read_is_audited(db) -> None:
    patient = load_patient_for(db, RIVERA, ALEX_PATIENT, Category.CHECK_INS, now=T0)
    assert patient.id == ALEX_PATIENT
    event = db.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.actor_id, event.patient_id, event.action) == (
        RIVERA.user_id,
        ALEX_PATIENT,
        "check_ins.read",
    )
