"""A clinic admin's day one: the clinic's look and numbers (colours refused under WCAG
contrast), the staff list (an account turned off is signed out at once), and cancelling an
invitation. Every change is audited; another clinic's people are out of reach."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from portal_app.models import AuditEvent, Clinic, Role, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.brand_settings import brand_of, brand_problem, save_brand
from portal_app.services.clinic.branding import brand_css, contrast_ratio, short_name
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SLUG
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity import invitations
from portal_app.services.identity.sessions import resolve_session, start_session
from portal_app.services.identity.staff import cancel_invitation, set_active, staff_of
from portal_app.services.problems import BrandProblem, StaffProblem
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, DEMO_CLINIC)
HARBOR_ADMIN = Actor(
    demo_id("user", "admin@harbor.example"),
    Role.CLINIC_ADMIN,
    demo_id("clinic", SECOND_CLINIC_SLUG),
)
CHEN = demo_id("user", "dr.chen@example.org")  # on call in the demo
RIVERA = demo_id("user", "dr.rivera@example.org")


def last_action(db) -> str:
    return db.query(AuditEvent).order_by(AuditEvent.seq.desc()).first().action


def test_contrast_is_computed_as_wcag_says() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("primary", "accent", "problem"),
    [
        ("#1d4e89", "#0f766e", ""),
        ("#777777", "#0f766e", BrandProblem.PRIMARY_CONTRAST),  # 4.48:1 on white: just under AA
        ("#1d4e89", "#a0a0a0", BrandProblem.ACCENT_CONTRAST),  # under 3:1 on the page
        ("1d4e89", "#0f766e", BrandProblem.COLOUR_SHAPE),
        ("#1d4e89", "teal", BrandProblem.COLOUR_SHAPE),
    ],
)
def test_colours_that_would_be_hard_to_see_are_refused(primary, accent, problem, db) -> None:
    wanted = dataclasses.replace(brand_of(db, ADMIN), primary_color=primary, accent_color=accent)
    assert brand_problem(wanted) == problem


def test_the_admin_saves_the_clinics_look_and_it_is_audited(db) -> None:
    wanted = dataclasses.replace(
        brand_of(db, ADMIN),
        name="Riverside Health",
        primary_color="#2F6F4E",
        after_hours_phone_es="(555) 010-0188",
        default_language="es",
        timezone="America/Chicago",
    )
    assert save_brand(db, ADMIN, wanted, now=T0) == ""
    clinic = db.get(Clinic, DEMO_CLINIC)
    assert (clinic.name, clinic.primary_color, clinic.default_language) == (
        "Riverside Health",
        "#2f6f4e",
        "es",
    )
    assert last_action(db) == "clinic.branding_changed"
    assert "--brand:#2f6f4e" in brand_css(clinic.primary_color, clinic.accent_color)


def test_a_bad_value_saves_nothing(db) -> None:
    before = brand_of(db, ADMIN)
    for change in (
        {"name": " "},
        {"phone": "call me"},
        {"usual_reply_hours": 5},
        {"timezone": "Mars/Base"},
        {"default_language": "fr"},
    ):
        assert save_brand(db, ADMIN, dataclasses.replace(before, **change), now=T0) != ""
    assert brand_of(db, ADMIN) == before


def test_only_a_clinic_admin_changes_the_look() -> None:
    clinician = Actor(RIVERA, Role.CLINICIAN, DEMO_CLINIC)
    with pytest.raises(NotFound):
        brand_problem(brand_of(None, clinician))  # type: ignore[arg-type]


def test_a_home_screen_name_fits() -> None:
    assert short_name("Harbor Counseling Center") == "Harbor"
    assert short_name("Riverside Behavioral Health") == "Riverside"
    assert short_name("Supercalifragilistic") == "Supercalifra"


def test_the_staff_list_is_the_clinics_own(db) -> None:
    names = {s.name for s in staff_of(db, ADMIN)}
    assert {"Dr. Ana Rivera", "Dr. Wei Chen", "Pat Okafor"} <= names
    assert "Dr. Sofía Méndez" not in names
    with pytest.raises(NotFound):
        set_active(db, HARBOR_ADMIN, RIVERA, False, now=T0)


def test_turning_an_account_off_signs_them_out_at_once_and_on_again(db) -> None:
    token = start_session(db, RIVERA, now=T0)
    assert set_active(db, ADMIN, RIVERA, False, now=T0) == ""
    assert last_action(db) == "staff.deactivated"
    assert resolve_session(db, token, now=T0 + timedelta(seconds=1), clinic_id=DEMO_CLINIC) is None
    assert set_active(db, ADMIN, RIVERA, True, now=T0) == ""
    assert db.get(User, RIVERA).is_active and last_action(db) == "staff.reactivated"
    # The session that was ended stays ended: turning the account on is not signing them in.
    assert resolve_session(db, token, now=T0 + timedelta(seconds=2), clinic_id=DEMO_CLINIC) is None


def test_nobody_turns_off_themselves_or_the_clinician_on_call(db) -> None:
    assert set_active(db, ADMIN, ADMIN.user_id, False, now=T0) == StaffProblem.SELF
    assert set_active(db, ADMIN, CHEN, False, now=T0) == StaffProblem.ON_CALL
    assert db.get(User, CHEN).is_active


def test_a_cancelled_invitation_no_longer_works_and_is_not_pending(db) -> None:
    outbox: list = []
    person = invitations.NewPerson("new.nurse@example.org", "Nurse New", Role.CLINICIAN)
    user = invitations.invite(
        db, ADMIN, person, now=T0, public_origin="http://localhost:3000", deliver=outbox.append
    )
    link = outbox[-1].get_body().get_content()
    token = link.split("#i=")[1].split()[0]
    cancel_invitation(db, ADMIN, user.id, now=T0)
    assert last_action(db) == "invitation.cancelled"
    assert user.id not in {p.user_id for p in invitations.pending_invitations(db, ADMIN)}
    with pytest.raises(invitations.InvitationProblem):
        invitations.accept(db, token, None, clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=1))
    with pytest.raises(NotFound):  # someone who has come in is not "invited"
        cancel_invitation(db, ADMIN, RIVERA, now=T0)
    with pytest.raises(NotFound):
        cancel_invitation(db, HARBOR_ADMIN, uuid.uuid4(), now=T0)
