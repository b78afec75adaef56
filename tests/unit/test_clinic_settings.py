"""A clinic admin names who is on call and sets visit booking on screen (found: only in the
database). Nothing half-saved on a mistake; only admins; every change audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, Clinic, Role, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.clinic_settings import CareSettings, save_settings, settings_of
from portal_app.services.clinic.demo_seed import demo_id
from tests.factories import make_clinician

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, CLINIC)
RIVERA = demo_id("user", "dr.rivera@example.org")


def wanted(**changes) -> CareSettings:
    values = {
        "on_call_id": str(RIVERA),
        "after_hours_email": " Answering@Clinic.example ",
        "escalation_minutes": 30,
        "booking_mode": "request",
        "cancel_before_hours": 48,
    }
    return CareSettings(**{**values, **changes})


def test_an_admin_names_the_on_call_clinician_and_the_visit_rules(db) -> None:
    assert save_settings(db, ADMIN, wanted(), now=NOW) == ""
    assert settings_of(db, ADMIN) == CareSettings(
        str(RIVERA), "answering@clinic.example", 30, "request", 48
    )
    clinic = db.get(Clinic, CLINIC)
    assert (clinic.on_call_clinician_id, clinic.booking_mode) == (RIVERA, "request")
    changed = db.exec(
        select(AuditEvent).where(AuditEvent.action == "clinic.settings_changed")
    ).all()
    assert [(e.actor_id, e.clinic_id) for e in changed][-1] == (ADMIN.user_id, CLINIC)
    assert save_settings(db, ADMIN, wanted(on_call_id="", after_hours_email=""), now=NOW) == ""
    assert db.get(Clinic, CLINIC).on_call_clinician_id is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"on_call_id": "not-a-person"}, "clinic_settings.on_call_invalid"),
        ({"on_call_id": str(ADMIN.user_id)}, "clinic_settings.on_call_invalid"),
        ({"after_hours_email": "answering service"}, "clinic_settings.email_invalid"),
        ({"escalation_minutes": 1}, "clinic_settings.minutes_invalid"),
        ({"booking_mode": "maybe"}, "clinic_settings.booking_invalid"),
        ({"cancel_before_hours": -1}, "clinic_settings.cancel_invalid"),
        ({"opens_at_hour": 18, "closes_at_hour": 8}, "clinic_settings.hours_invalid"),
        ({"opens_at_hour": -1}, "clinic_settings.hours_invalid"),
        ({"closes_at_hour": 25}, "clinic_settings.hours_invalid"),
        ({"open_days": ()}, "clinic_settings.days_invalid"),
        ({"open_days": (0, 7)}, "clinic_settings.days_invalid"),
        ({"teen_from_age": 7}, "clinic_settings.ages_invalid"),
        ({"teen_from_age": 18, "adult_age": 18}, "clinic_settings.ages_invalid"),
        ({"adult_age": 22}, "clinic_settings.ages_invalid"),
    ],
)
def test_a_mistake_saves_nothing_and_says_what_to_fix(db, change, problem) -> None:
    before = settings_of(db, ADMIN)
    assert save_settings(db, ADMIN, wanted(**change), now=NOW) == problem
    assert settings_of(db, ADMIN) == before


def test_the_admin_sets_clinic_hours_open_days_and_the_guardian_ages(db) -> None:
    changes = {"opens_at_hour": 9, "closes_at_hour": 24, "open_days": (5, 0, 2)}
    assert (
        save_settings(db, ADMIN, wanted(**changes, teen_from_age=13, adult_age=19), now=NOW) == ""
    )
    clinic = db.get(Clinic, CLINIC)
    assert (clinic.opens_at_hour, clinic.closes_at_hour, clinic.open_weekdays) == (9, 24, "0,2,5")
    assert (clinic.teen_from_age, clinic.adult_age) == (13, 19)
    assert settings_of(db, ADMIN).open_days == (0, 2, 5)


def test_a_clinician_who_left_cannot_be_on_call_and_only_admins_change_it(db) -> None:
    gone = make_clinician(db, "dr.gone@example.org", "Dr. Gone")
    user = db.get(User, gone.user_id)
    user.is_active = False
    db.add(user)
    db.flush()
    problem = save_settings(db, ADMIN, wanted(on_call_id=str(gone.user_id)), now=NOW)
    assert problem == "clinic_settings.on_call_invalid"
    for role in (Role.CLINICIAN, Role.PATIENT, Role.CAREGIVER):
        with pytest.raises(NotFound):
            save_settings(db, Actor(RIVERA, role, CLINIC), wanted(), now=NOW)
        with pytest.raises(NotFound):
            settings_of(db, Actor(RIVERA, role, CLINIC))
