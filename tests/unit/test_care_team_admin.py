"""The admin's care-team screen: adding and taking off clinicians (never the last one, so a
patient's alerts always reach someone), and ending a caregiver's link. Names only; another
clinic's patients are out of reach; every change audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal_app.models import AuditEvent, GrantStatus, ProxyGrant, Role
from portal_app.services.access import Action, Actor, Category, NotFound, can, on_care_team
from portal_app.services.care_team.team_admin import (
    add_to_team,
    clinic_care_teams,
    remove_from_team,
)
from portal_app.services.caregivers.guardian_links import clinic_links, end_link
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SLUG
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.problems import CareTeamProblem
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, DEMO_CLINIC)
HARBOR_ADMIN = Actor(
    demo_id("user", "admin@harbor.example"),
    Role.CLINIC_ADMIN,
    demo_id("clinic", SECOND_CLINIC_SLUG),
)
TAYLOR = demo_id("patient", "taylor@example.org")  # Dr. Rivera only
RIVERA, CHEN = demo_id("user", "dr.rivera@example.org"), demo_id("user", "dr.chen@example.org")
MENDEZ = demo_id("user", "dr.mendez@harbor.example")


def test_the_admin_sees_every_patients_team_by_name_and_only_their_clinics(db) -> None:
    teams = {t.patient_name: [m.name for m in t.members] for t in clinic_care_teams(db, ADMIN)}
    assert teams["Taylor Brooks"] == ["Dr. Ana Rivera"]
    assert teams["Alex Morgan"] == ["Dr. Ana Rivera", "Dr. Wei Chen"]  # the main one first
    assert "María Flores" not in teams
    clinician = Actor(RIVERA, Role.CLINICIAN, DEMO_CLINIC)
    with pytest.raises(NotFound):
        clinic_care_teams(db, clinician)


def test_adding_a_clinician_lets_them_see_the_patient_and_is_audited(db) -> None:
    chen = Actor(CHEN, Role.CLINICIAN, DEMO_CLINIC)
    assert not can(db, chen, Action.READ, TAYLOR, Category.CHECK_INS)
    assert add_to_team(db, ADMIN, TAYLOR, CHEN, now=T0) == ""
    assert can(db, chen, Action.READ, TAYLOR, Category.CHECK_INS)
    last = db.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert (last.action, last.patient_id, last.actor_id) == (
        "care_team.added",
        TAYLOR,
        ADMIN.user_id,
    )
    assert remove_from_team(db, ADMIN, TAYLOR, RIVERA, now=T0) == ""  # Chen stays, now the main one
    assert not on_care_team(db, RIVERA, TAYLOR)
    teams = {t.patient_name: t.members for t in clinic_care_teams(db, ADMIN)}
    assert [(m.name, m.primary) for m in teams["Taylor Brooks"]] == [("Dr. Wei Chen", True)]


def test_the_last_clinician_is_never_taken_off(db) -> None:
    assert remove_from_team(db, ADMIN, TAYLOR, RIVERA, now=T0) == CareTeamProblem.LAST
    assert on_care_team(db, RIVERA, TAYLOR)


def test_another_clinics_patient_or_clinician_is_not_found(db) -> None:
    with pytest.raises(NotFound):
        add_to_team(db, ADMIN, demo_id("patient", "maria@harbor.example"), RIVERA, now=T0)
    with pytest.raises(NotFound):
        add_to_team(db, ADMIN, TAYLOR, MENDEZ, now=T0)
    with pytest.raises(NotFound):
        remove_from_team(db, HARBOR_ADMIN, TAYLOR, RIVERA, now=T0)


def test_the_admin_ends_a_caregivers_link_at_once(db) -> None:
    links = clinic_links(db, ADMIN)
    sam = next(link for link in links if link.caregiver_name == "Sam Morgan")
    assert (sam.patient_name, sam.kind, sam.status) == ("Alex Morgan", "patient", "active")
    assert clinic_links(db, HARBOR_ADMIN) == []
    with pytest.raises(NotFound):
        end_link(db, HARBOR_ADMIN, sam.grant_id, now=T0)
    end_link(db, ADMIN, sam.grant_id, now=T0)
    assert db.get(ProxyGrant, sam.grant_id).status == GrantStatus.REVOKED
    helper = Actor(demo_id("user", "sam@example.org"), Role.CAREGIVER, DEMO_CLINIC)
    alex = demo_id("patient", "alex@example.org")
    assert not can(db, helper, Action.READ, alex, Category.MEDICINES)
    assert sam.grant_id not in {link.grant_id for link in clinic_links(db, ADMIN)}
