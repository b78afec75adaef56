"""Invitations: only admins send them; each link works once, for 7 days; none cancels another."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlmodel import select

from portal_app.models import CareTeamMembership, Patient, Role, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity import invitations
from portal_app.services.identity.invitations import InvitationProblem, NewPerson
from portal_app.services.identity.passwords import verify_password
from portal_app.services.identity.sessions import start_session
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
ADMIN = Actor(
    user_id=demo_id("user", "admin@example.org"), role=Role.CLINIC_ADMIN, clinic_id=CLINIC
)
RIVERA = demo_id("user", "dr.rivera@example.org")
NEW_PATIENT = NewPerson(
    email="Robin.New@Example.org",
    display_name="Robin New",
    role=Role.PATIENT,
    date_of_birth=date(1990, 5, 1),
    primary_clinician_id=RIVERA,
)


class Outbox(list[EmailMessage]):
    def token(self, index: int = -1) -> str:
        body = self[index].get_body().get_content()
        return re.search(r"https://portal\.test/welcome#i=([A-Za-z0-9_-]+)", body).group(1)


def send(db, person: NewPerson, outbox: Outbox, actor: Actor = ADMIN, now: datetime = T0) -> User:
    return invitations.invite(
        db, actor, person, now=now, public_origin="https://portal.test", deliver=outbox.append
    )


def test_an_admin_invites_a_patient_onto_a_care_team(db) -> None:
    outbox = Outbox()
    user = send(db, NEW_PATIENT, outbox)
    assert user.email == "robin.new@example.org" and user.password_hash is None
    patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
    team = db.exec(
        select(CareTeamMembership).where(CareTeamMembership.patient_id == patient.id)
    ).one()
    assert team.clinician_id == RIVERA and team.is_primary
    assert outbox[0]["To"] == "robin.new@example.org"
    body = outbox[0].get_body().get_content()
    assert "Riverside" not in body and "Behavioral" not in body  # the email names no clinic or care
    assert body.startswith("Hello Robin New,")


def test_a_clinician_is_greeted_by_name_and_told_which_clinic_invites_them(db) -> None:
    """Found on Dr. Chen's first sign-in: "Hello Dr.," and no word of the clinic."""
    outbox = Outbox()
    staff = NewPerson(email="dr.lee@example.org", display_name="Dr. Mei Lee", role=Role.CLINICIAN)
    send(db, staff, outbox)
    body = outbox[0].get_body().get_content()
    assert body.startswith("Hello Dr. Mei Lee,")
    assert "Riverside Behavioral Health invites you to Steady" in body
    assert outbox[0]["Subject"] == "Riverside Behavioral Health invites you to Steady"


@pytest.mark.parametrize(
    ("role", "email"),
    [(Role.CLINICIAN, "dr.rivera@example.org"), (Role.PATIENT, "alex@example.org")],
)
def test_only_clinic_admins_may_invite(db, role: Role, email: str) -> None:
    someone = Actor(user_id=demo_id("user", email), role=role, clinic_id=CLINIC)
    with pytest.raises(NotFound):
        send(db, NEW_PATIENT, Outbox(), actor=someone)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"email": "not-an-address"}, "invite.email_invalid"),
        ({"display_name": "  "}, "invite.name_missing"),
        ({"role": Role.CAREGIVER}, "invite.role_missing"),
        ({"date_of_birth": None}, "invite.birth_date"),
        ({"date_of_birth": date(2027, 1, 1)}, "invite.birth_date"),
        ({"primary_clinician_id": demo_id("user", "alex@example.org")}, "invite.clinician_missing"),
        ({"email": "alex@example.org"}, "invite.exists"),
    ],
)
def test_mistakes_get_a_plain_reason_and_nothing_is_sent(db, change, problem) -> None:
    outbox = Outbox()
    person = NewPerson(**{**NEW_PATIENT.__dict__, **change})
    with pytest.raises(InvitationProblem) as raised:
        send(db, person, outbox)
    assert raised.value.key == problem and outbox == []


def test_a_newer_link_does_not_cancel_an_older_one_and_each_works_once(db) -> None:
    outbox = Outbox()
    user = send(db, NEW_PATIENT, outbox)
    invitations.send_again(
        db,
        ADMIN,
        user.id,
        now=T0 + timedelta(days=1),
        public_origin="https://portal.test",
        deliver=outbox.append,
    )
    first, second = outbox.token(0), outbox.token(1)
    assert first != second
    assert [p.email for p in invitations.pending_invitations(db, ADMIN)].count(user.email) == 1
    accepted = invitations.accept(
        db, first, "a quiet walk by the lake", clinic_id=DEMO_CLINIC, now=T0 + timedelta(days=2)
    )
    assert accepted.id == user.id and verify_password(
        user.password_hash, "a quiet walk by the lake"
    )
    with pytest.raises(InvitationProblem, match=r"invite.expired"):
        invitations.accept(db, first, None, clinic_id=DEMO_CLINIC, now=T0 + timedelta(days=2))
    assert (
        invitations.accept(db, second, None, clinic_id=DEMO_CLINIC, now=T0 + timedelta(days=3)).id
        == user.id
    )


def test_links_expire_after_7_days(db) -> None:
    outbox = Outbox()
    send(db, NEW_PATIENT, outbox)
    with pytest.raises(InvitationProblem, match=r"invite.expired"):
        invitations.accept(
            db, outbox.token(), None, clinic_id=DEMO_CLINIC, now=T0 + timedelta(days=7, seconds=1)
        )


def test_a_weak_password_keeps_the_link_and_staff_must_choose_one(db) -> None:
    outbox = Outbox()
    staff = NewPerson(email="dr.kim@example.org", display_name="Dr. Kim", role=Role.CLINICIAN)
    send(db, staff, outbox)
    token = outbox.token()
    with pytest.raises(InvitationProblem, match=r"password.too_common"):
        invitations.accept(db, token, "password1", clinic_id=DEMO_CLINIC, now=T0)
    with pytest.raises(InvitationProblem, match=r"invite.staff_password"):
        invitations.accept(db, token, None, clinic_id=DEMO_CLINIC, now=T0)
    assert (
        invitations.accept(
            db, token, "stones under a green bridge", clinic_id=DEMO_CLINIC, now=T0
        ).role
        is Role.CLINICIAN
    )


def test_people_who_signed_in_are_no_longer_pending_and_cannot_be_reinvited(db) -> None:
    outbox = Outbox()
    user = send(db, NEW_PATIENT, outbox)
    start_session(db, user.id, now=T0)
    assert user.id not in {p.user_id for p in invitations.pending_invitations(db, ADMIN)}
    with pytest.raises(NotFound):
        invitations.send_again(db, ADMIN, user.id, now=T0, public_origin="x", deliver=outbox.append)
    with pytest.raises(InvitationProblem, match=r"invite.exists"):
        send(db, NEW_PATIENT, outbox)


def test_another_clinics_admin_cannot_resend_or_see_our_invitations(db) -> None:
    outbox = Outbox()
    user = send(db, NEW_PATIENT, outbox)
    stranger = Actor(
        user_id=ADMIN.user_id, role=Role.CLINIC_ADMIN, clinic_id=demo_id("clinic", "elsewhere")
    )
    with pytest.raises(NotFound):
        invitations.send_again(
            db, stranger, user.id, now=T0, public_origin="x", deliver=outbox.append
        )
    assert invitations.pending_invitations(db, stranger) == []
