"""The demo clinic: realistic, deterministic, created once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from portal_app.models import CareTeamMembership, Clinic, Patient, Role, User
from portal_app.services.clinic.demo_seed import (
    DEMO_SIGN_INS,
    birth_date_for_age,
    demo_id,
    seed_demo,
)
from portal_app.services.common.migrations import upgrade_database

TODAY = date(2026, 11, 26)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.fixture
def seeded(fresh_engine) -> Session:
    upgrade_database(fresh_engine)
    with Session(fresh_engine) as session:
        assert seed_demo(session, TODAY) is True
        session.commit()
        yield session


def count(session: Session, model: type, *where: object) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_demo_has_the_promised_people(seeded: Session) -> None:
    assert count(seeded, Clinic) == 1
    assert count(seeded, User, User.role == Role.CLINICIAN) == 2
    assert count(seeded, User, User.role == Role.CAREGIVER) == 1
    assert count(seeded, User, User.role == Role.CLINIC_ADMIN) == 1
    assert count(seeded, Patient) == 6
    emails = set(seeded.exec(select(User.email)).all())
    assert {email for _, email in DEMO_SIGN_INS} <= emails


def test_jordan_is_fifteen_and_alex_an_adult(seeded: Session) -> None:
    jordan = seeded.get(Patient, demo_id("patient", "jordan@example.org"))
    alex = seeded.get(Patient, demo_id("patient", "alex@example.org"))
    assert age_on(jordan.date_of_birth, TODAY) == 15
    assert age_on(alex.date_of_birth, TODAY) >= 18


def test_every_patient_has_a_primary_clinician(seeded: Session) -> None:
    primaries = seeded.exec(
        select(CareTeamMembership.patient_id).where(CareTeamMembership.is_primary)
    ).all()
    assert len(set(primaries)) == 6
    alex_team = seeded.exec(
        select(CareTeamMembership).where(
            CareTeamMembership.patient_id == demo_id("patient", "alex@example.org")
        )
    ).all()
    assert len(alex_team) == 2  # two clinicians share Alex's care


def test_patients_have_weeks_of_history(seeded: Session) -> None:
    joined = seeded.exec(select(Patient.created_at)).all()
    assert all((TODAY - j.date()).days >= 14 for j in joined)


def test_seeding_again_changes_nothing(seeded: Session) -> None:
    before = count(seeded, User)
    assert seed_demo(seeded, TODAY) is False
    seeded.commit()
    assert count(seeded, User) == before


def test_ids_are_the_same_on_every_install() -> None:
    assert str(demo_id("user", "alex@example.org")) == "c6590ca9-d844-51a1-a8de-1f2bcfacc070"


@pytest.mark.parametrize("today", [date(2028, 2, 29), date(2026, 1, 1), date(2026, 6, 30)])
def test_birth_dates_give_the_stated_age_every_day(today: date) -> None:
    assert age_on(birth_date_for_age(today, 15), today) == 15
