"""Several clinics on one install: which clinic a hostname serves, and that nothing of one
clinic (a session, a sign-in, an invitation, a patient) works at another's hostname."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal_app.models import AuditEvent
from portal_app.services.access import Category, NotFound, load_patient_for
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SLUG
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.clinic.registry import create_clinic, list_clinics, slug_for
from portal_app.services.clinic.tenancy import (
    ClinicDirectory,
    clinic_origin,
    hostname_of,
    same_origin,
)
from portal_app.services.identity.sessions import resolve_session, start_session
from portal_app.services.identity.sign_in import check_password, find_active_user
from tests.factories import DEMO_CLINIC, make_clinician

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
HARBOR = demo_id("clinic", SECOND_CLINIC_SLUG)
MARIA = demo_id("patient", "maria@harbor.example")


@pytest.mark.parametrize(
    ("header", "hostname"),
    [
        ("Riverside.Example.org:443", "riverside.example.org"),
        ("riverside.example.org.", "riverside.example.org"),
        ("127.0.0.1:3000", "127.0.0.1"),
        ("[::1]:3000", "::1"),
        ("", ""),
    ],
)
def test_a_host_header_names_a_hostname(header: str, hostname: str) -> None:
    assert hostname_of(header) == hostname


def test_a_clinic_origin_keeps_the_install_scheme_and_port() -> None:
    assert clinic_origin("http://localhost:3000", "127.0.0.1") == "http://127.0.0.1:3000"
    assert clinic_origin("https://portal.example.org", "harbor.example") == "https://harbor.example"
    assert clinic_origin("https://portal.example.org/", None) == "https://portal.example.org"


def test_same_origin_means_scheme_host_and_port() -> None:
    assert same_origin("http://127.0.0.1:3000", "127.0.0.1:3000", "http")
    assert not same_origin("http://localhost:3000", "127.0.0.1:3000", "http")
    assert not same_origin("https://127.0.0.1:3000", "127.0.0.1:3000", "http")
    assert not same_origin(None, "127.0.0.1:3000", "http")


def test_each_hostname_serves_its_clinic_and_any_other_the_default(db) -> None:
    directory = ClinicDirectory()
    assert directory.site_for(db, "127.0.0.1:3000", "steady-demo").clinic_id == HARBOR
    assert directory.site_for(db, "localhost:3000", "steady-demo").clinic_id == DEMO_CLINIC
    unknown = directory.site_for(db, "portal.example.net", "steady-demo")
    assert unknown.clinic_id == DEMO_CLINIC and unknown.hostname == ""


def test_a_session_opens_nothing_at_another_clinics_hostname(db) -> None:
    token = start_session(db, demo_id("user", "alex@example.org"), now=T0)
    later = T0 + timedelta(minutes=1)
    assert resolve_session(db, token, now=later, clinic_id=DEMO_CLINIC) is not None
    assert resolve_session(db, token, now=later, clinic_id=HARBOR) is None


def test_sign_in_finds_only_the_clinics_own_people(db) -> None:
    assert find_active_user(db, "maria@harbor.example", HARBOR) is not None
    assert find_active_user(db, "maria@harbor.example", DEMO_CLINIC) is None
    wrong_door = check_password(
        db, "maria@harbor.example", DEMO_PASSWORD, clinic_id=DEMO_CLINIC, client_address="a", now=T0
    )
    assert not wrong_door.ok


def test_the_same_email_can_be_a_person_at_two_clinics(db) -> None:
    from portal_app.models import Role, User

    db.add(
        User(email="alex@example.org", display_name="A. M.", role=Role.PATIENT, clinic_id=HARBOR)
    )
    db.flush()
    assert find_active_user(db, "alex@example.org", HARBOR).clinic_id == HARBOR
    assert find_active_user(db, "alex@example.org", DEMO_CLINIC).clinic_id == DEMO_CLINIC


def test_a_clinician_asking_for_another_clinics_patient_is_told_not_found_and_audited(db) -> None:
    rivera = make_clinician(db, "dr.tenancy@example.org", "Dr. Tenancy")
    with pytest.raises(NotFound) as refused:
        load_patient_for(db, rivera, MARIA, Category.CHECK_INS, now=T0)
    last = db.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert last.action == "access.refused" and last.actor_id == rivera.user_id
    assert last.patient_id is None  # the other clinic's patient is not named in this one's trail
    assert refused.value.audit_after_rollback is not None


def test_the_operator_adds_a_clinic_at_a_hostname_once(db) -> None:
    made = create_clinic(db, "Clínica Río Verde", "rioverde.example.org", now=T0)
    assert not isinstance(made, str) and made.slug == "clinica-rio-verde"
    again = create_clinic(db, "Another", "RioVerde.example.org", now=T0)
    assert again == "rioverde.example.org already belongs to a clinic"
    assert create_clinic(db, "Bad", "not a host", now=T0) != ""
    listed = {row.hostname: row for row in list_clinics(db)}
    assert listed["rioverde.example.org"].people == 0
    assert listed["127.0.0.1"].people >= 4  # Harbor's demo people (tests may add more)
    assert slug_for("   ") == "clinic"


def test_staff_and_reminder_emails_link_to_the_persons_own_clinic() -> None:
    import uuid as uuid_module

    from portal_app.services.care_team.alert_notices import NoticeJob, notice_email
    from portal_app.services.medication.dispatch import Job, _neutral_email

    notice = NoticeJob(
        uuid_module.uuid4(),
        "escalated",
        "dr@harbor.example",
        "en",
        "Harbor",
        60,
        True,
        hostname="127.0.0.1",
    )
    body = notice_email(notice, "http://localhost:3000").get_body().get_content()
    assert "http://127.0.0.1:3000/alerts" in body and "localhost" not in body
    reminder = Job(
        uuid_module.uuid4(), "check_in", "maria@harbor.example", "es", True, hostname="127.0.0.1"
    )
    assert (
        "http://127.0.0.1:3000/"
        in _neutral_email(reminder, "http://localhost:3000").get_body().get_content()
    )
    riverside = Job(uuid_module.uuid4(), "check_in", "alex@example.org", "en", True)
    assert (
        "http://localhost:3000/"
        in _neutral_email(riverside, "http://localhost:3000").get_body().get_content()
    )
