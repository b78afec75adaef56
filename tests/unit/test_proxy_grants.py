"""Caregiver access from the patient's side and the caregiver's: invite by email (own account,
neutral email), accept, switch, change, revoke at once; guardians linked by the clinic, the
teen's say; Part 2 consent given and withdrawn."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuthSession, Role, User
from portal_app.services.access import Action, Actor, Category, NotFound, can
from portal_app.services.caregivers import helping as caregiver_help
from portal_app.services.caregivers import proxy_grants
from portal_app.services.caregivers.proxy_grants import Invitee
from portal_app.services.caregivers.proxy_policy import PRESETS
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import resolve_session, start_session
from portal_app.services.records import part2_consent
from tests.factories import DEMO_CLINIC, make_care_team_patient, make_clinician

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, CLINIC)
ORIGIN = "https://portal.example"


@pytest.fixture
def family(db):
    clinician = make_clinician(db, f"pg.{uuid.uuid4().hex[:6]}@example.org", "Dr. Grant")
    me, patient = make_care_team_patient(
        db, f"pg.{uuid.uuid4().hex[:6]}@example.org", "Alma Patient", clinician.user_id
    )
    return clinician, me, patient


def invite(db, me, email, codes, sent, **kwargs) -> str:
    return proxy_grants.invite_caregiver(
        db,
        me,
        Invitee("Sam Helper", email, kwargs.pop("relationship", "brother")),
        list(codes),
        kwargs.pop("ends_on", None),
        now=NOW,
        public_origin=ORIGIN,
        deliver=sent.append,
    )


def caregiver_actor(db, email: str, helping=None) -> Actor:
    user = db.exec(select(User).where(User.email == email)).one()
    return Actor(user.id, user.role, user.clinic_id, helping=helping)


def test_invite_accept_switch_and_revoke(db, family) -> None:
    _, me, patient = family
    sent: list = []
    email = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    assert invite(db, me, email, [], sent) == "caregivers.problem.nothing_chosen"
    assert invite(db, me, "not an email", ["medicines.see"], sent) == "caregivers.problem.email"
    yesterday = NOW.date() - timedelta(days=1)
    assert (
        invite(db, me, email, ["medicines.see"], sent, ends_on=yesterday)
        == "caregivers.problem.end_date"
    )
    assert invite(db, me, email, PRESETS["appointments_only"], sent) == ""
    assert invite(db, me, email, ["medicines.see"], sent) == "caregivers.problem.already"
    assert invite(db, me, "dr.rivera@example.org", ["medicines.see"], sent) == (
        "caregivers.problem.email_taken"
    )
    # The caregiver gets their own account and a neutral email naming nobody and no care.
    (mail,) = sent
    body = mail.get_content()
    assert mail["To"] == email and "/welcome#i=" in body
    assert "Alma" not in body and "Patient" not in body and "medicine" not in body.lower()

    sam = caregiver_actor(db, email)
    assert sam.role is Role.CAREGIVER
    ((grant_id, name, kind),) = proxy_grants.invitations_for(db, sam)
    assert (name, kind) == ("Alma Patient", "patient")
    # Not yet accepted: nothing.
    assert caregiver_help.people_helped(db, sam, now=NOW) == []
    with pytest.raises(NotFound):
        proxy_grants.answer_invitation(db, me, grant_id, True, now=NOW)  # only the caregiver
    proxy_grants.answer_invitation(db, sam, grant_id, True, now=NOW)
    (helped,) = caregiver_help.people_helped(db, sam, now=NOW)
    assert helped.patient_id == patient.id
    assert helped.allowed == ["appointments.see", "appointments.book", "appointments.cancel"]

    # Switching is kept on the caregiver's own session, and only to someone they help.
    token = start_session(db, sam.user_id, now=NOW)
    session = resolve_session(db, token, clinic_id=DEMO_CLINIC, now=NOW)
    caregiver_help.choose_patient(db, sam, session.session_id, patient.id, now=NOW)
    assert (
        resolve_session(db, token, clinic_id=DEMO_CLINIC, now=NOW).helping_patient_id == patient.id
    )
    with pytest.raises(NotFound):
        caregiver_help.choose_patient(db, sam, session.session_id, uuid.uuid4(), now=NOW)

    helping = caregiver_actor(db, email, helping=patient.id)
    assert can(db, helping, Action.READ, patient.id, Category.APPOINTMENTS, today=NOW.date())
    assert not can(db, helping, Action.READ, patient.id, Category.MEDICINES, today=NOW.date())

    # The patient widens it, then revokes: the very next check says no, and the choice is gone.
    (view,) = proxy_grants.grants_of(db, me, now=NOW)
    assert (view.caregiver, view.relationship, view.status) == ("Sam Helper", "brother", "active")
    assert proxy_grants.change_grant(db, me, view.id, ["medicines.log_doses"], None, now=NOW) == ""
    assert can(db, helping, Action.READ, patient.id, Category.MEDICINES, today=NOW.date())
    proxy_grants.revoke(db, me, view.id, now=NOW)
    assert not can(db, helping, Action.READ, patient.id, Category.MEDICINES, today=NOW.date())
    assert proxy_grants.grants_of(db, me, now=NOW) == []
    assert db.get(AuthSession, session.session_id).helping_patient_id is None
    with pytest.raises(NotFound):
        proxy_grants.revoke(db, me, view.id, now=NOW)


def test_an_end_date_ends_it_and_a_declined_invitation_gives_nothing(db, family) -> None:
    _, me, patient = family
    sent: list = []
    email = f"end.{uuid.uuid4().hex[:6]}@example.org"
    ends = NOW.date() + timedelta(days=2)
    assert invite(db, me, email, PRESETS["full"], sent, ends_on=ends) == ""
    sam = caregiver_actor(db, email, helping=patient.id)
    ((grant_id, _, _),) = proxy_grants.invitations_for(db, sam)
    proxy_grants.answer_invitation(db, sam, grant_id, True, now=NOW)
    assert can(db, sam, Action.READ, patient.id, Category.RECORDS, today=ends)
    assert not can(db, sam, Action.READ, patient.id, Category.RECORDS, today=ends + timedelta(1))

    other = f"no.{uuid.uuid4().hex[:6]}@example.org"
    assert invite(db, me, other, PRESETS["full"], sent) == ""
    declines = caregiver_actor(db, other, helping=patient.id)
    ((grant_id, _, _),) = proxy_grants.invitations_for(db, declines)
    proxy_grants.answer_invitation(db, declines, grant_id, False, now=NOW)
    assert not can(db, declines, Action.READ, patient.id, Category.PROFILE, today=NOW.date())
    with pytest.raises(NotFound):
        proxy_grants.answer_invitation(db, declines, grant_id, True, now=NOW)


def test_the_clinic_links_a_guardian_and_the_teen_decides_what_they_see(db, family) -> None:
    _, teen, patient = family
    patient.date_of_birth = NOW.date().replace(year=NOW.year - 15)
    db.add(patient)
    sent: list = []
    parent_email = f"parent.{uuid.uuid4().hex[:6]}@example.org"
    stranger = make_clinician(db, f"x.{uuid.uuid4().hex[:6]}@example.org", "Dr. Other")
    with pytest.raises(NotFound):  # a clinician not on the team
        proxy_grants.link_guardian(
            db,
            stranger,
            patient.id,
            Invitee("Pat Parent", parent_email),
            now=NOW,
            public_origin=ORIGIN,
            deliver=sent.append,
        )
    with pytest.raises(NotFound):  # nor the patient themselves
        proxy_grants.link_guardian(
            db,
            teen,
            patient.id,
            Invitee("Pat Parent", parent_email),
            now=NOW,
            public_origin=ORIGIN,
            deliver=sent.append,
        )
    assert (
        proxy_grants.link_guardian(
            db,
            ADMIN,
            patient.id,
            Invitee("Pat Parent", parent_email, "mother"),
            now=NOW,
            public_origin=ORIGIN,
            deliver=sent.append,
        )
        == ""
    )
    parent = caregiver_actor(db, parent_email, helping=patient.id)
    ((grant_id, _, kind),) = proxy_grants.invitations_for(db, parent)
    assert kind == "guardian"
    proxy_grants.answer_invitation(db, parent, grant_id, True, now=NOW)
    today = NOW.date()
    assert can(db, parent, Action.READ, patient.id, Category.APPOINTMENTS, today=today)
    assert not can(db, parent, Action.READ, patient.id, Category.CHECK_INS, today=today)
    assert not can(db, parent, Action.READ, patient.id, Category.MESSAGES, today=today)

    (view,) = proxy_grants.grants_of(db, teen, now=NOW)
    assert proxy_grants.hidden_from_guardian(view) == [
        "check_ins.see",
        "messages.see",
        "messages.send",
    ]
    proxy_grants.teen_agrees(db, teen, view.id, True, now=NOW)
    assert can(db, parent, Action.READ, patient.id, Category.CHECK_INS, today=today)
    proxy_grants.teen_agrees(db, teen, view.id, False, now=NOW)
    assert not can(db, parent, Action.READ, patient.id, Category.CHECK_INS, today=today)
    # At 18 it ends unless the adult grants it again.
    adult_day = patient.date_of_birth.replace(year=patient.date_of_birth.year + 18)
    assert not can(db, parent, Action.READ, patient.id, Category.APPOINTMENTS, today=adult_day)


def test_part2_consent_is_given_for_a_purpose_until_a_date_and_can_be_withdrawn(db, family) -> None:
    _, me, patient = family
    sent: list = []
    email = f"p2.{uuid.uuid4().hex[:6]}@example.org"
    assert invite(db, me, email, ["records.see"], sent) == ""
    sam = caregiver_actor(db, email)
    ((grant_id, _, _),) = proxy_grants.invitations_for(db, sam)
    give = part2_consent.give_consent
    until = NOW.date() + timedelta(days=90)
    # Not for an invitation that is not accepted yet, nor without purpose or end.
    assert give(db, me, "caregiver", grant_id, "Help", until, now=NOW) == (
        "consent.problem.recipient"
    )
    proxy_grants.answer_invitation(db, sam, grant_id, True, now=NOW)
    assert give(db, me, "caregiver", grant_id, " ", until, now=NOW) == "consent.problem.purpose"
    assert give(db, me, "caregiver", grant_id, "Help", None, now=NOW) == "consent.problem.expires"
    assert give(db, me, "caregiver", grant_id, "Help with my recovery", until, now=NOW) == ""
    may = part2_consent.may_disclose
    assert may(db, patient.id, "caregiver", today=NOW.date(), caregiver_id=sam.user_id)
    assert not may(db, patient.id, "export", today=NOW.date())
    assert not may(
        db, patient.id, "caregiver", today=until + timedelta(days=1), caregiver_id=sam.user_id
    )
    (consent,) = part2_consent.consents_of(db, me, now=NOW)
    with pytest.raises(NotFound):
        part2_consent.withdraw_consent(db, sam, consent.id, now=NOW)
    part2_consent.withdraw_consent(db, me, consent.id, now=NOW)
    assert not may(db, patient.id, "caregiver", today=NOW.date(), caregiver_id=sam.user_id)
    assert part2_consent.consents_of(db, me, now=NOW) == []


def test_the_clinic_sets_its_age_rules_and_adults_invite_their_own_helpers(db, family) -> None:
    from portal_app.services.clinic.clinics import set_age_rules

    _, _, patient = family
    sent: list = []
    adult = proxy_grants.link_guardian(
        db,
        ADMIN,
        patient.id,
        Invitee("Pat Parent", f"pp.{uuid.uuid4().hex[:6]}@example.org"),
        now=NOW,
        public_origin=ORIGIN,
        deliver=sent.append,
    )
    assert adult == "caregivers.problem.adult" and sent == []

    patient.date_of_birth = NOW.date().replace(year=NOW.year - 12) - timedelta(days=1)  # 12
    db.add(patient)
    email = f"pp.{uuid.uuid4().hex[:6]}@example.org"
    assert (
        proxy_grants.link_guardian(
            db,
            ADMIN,
            patient.id,
            Invitee("Pat Parent", email),
            now=NOW,
            public_origin=ORIGIN,
            deliver=sent.append,
        )
        == ""
    )
    parent = caregiver_actor(db, email, helping=patient.id)
    ((grant_id, _, _),) = proxy_grants.invitations_for(db, parent)
    proxy_grants.answer_invitation(db, parent, grant_id, True, now=NOW)
    sees = lambda: can(db, parent, Action.READ, patient.id, Category.CHECK_INS, today=NOW.date())  # noqa: E731
    assert not sees()  # 12: a teen by the default rules
    assert set_age_rules(db, "steady-demo", 13, 18) == ""
    assert sees()  # this clinic counts teens from 13
    assert set_age_rules(db, "steady-demo", 18, 12) != ""
    assert set_age_rules(db, "steady-demo", 12, 18) == ""
    assert not sees()
