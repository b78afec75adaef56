"""Devices a person is signed in on, and the patient's own access log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import Patient, Role
from portal_app.services.access import Actor, Category, NotFound, load_patient_for
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import (
    active_sessions,
    describe_device,
    end_own_session,
    resolve_session,
    start_session,
)
from portal_app.services.records.access_log import who_looked
from tests.factories import DEMO_CLINIC, make_patient

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")


def person(email: str, role: Role) -> Actor:
    return Actor(demo_id("user", email), role, CLINIC)


def test_devices_list_only_live_sessions_newest_first(db) -> None:
    from portal_app.models import User

    someone = User(
        email="new.person@example.org",
        display_name="New Person",
        role=Role.PATIENT,
        clinic_id=CLINIC,
    )
    db.add(someone)
    db.flush()
    old = start_session(
        db, someone.id, now=T0 - timedelta(hours=1), device="Mozilla (Windows NT) Firefox/140"
    )
    start_session(
        db,
        someone.id,
        now=T0 - timedelta(minutes=5),
        device="Mozilla (Linux; Android 15) Chrome/156 Mobile Safari",
    )
    start_session(db, someone.id, now=T0, device="Mozilla (Macintosh; Mac OS X) Safari/605")
    listed = active_sessions(db, someone.id, now=T0)
    assert [describe_device(s.device) for s in listed] == ["Safari · Mac", "Chrome · Android"]
    assert resolve_session(db, old, clinic_id=DEMO_CLINIC, now=T0) is None


def test_a_person_can_sign_out_only_their_own_devices(db) -> None:
    casey, quinn = demo_id("user", "casey@example.org"), demo_id("user", "quinn@example.org")
    quinn_token = start_session(db, quinn, now=T0)
    quinn_session = resolve_session(db, quinn_token, clinic_id=DEMO_CLINIC, now=T0)
    assert end_own_session(db, casey, quinn_session.session_id, now=T0) is False
    assert resolve_session(db, quinn_token, clinic_id=DEMO_CLINIC, now=T0) is not None
    assert end_own_session(db, quinn, quinn_session.session_id, now=T0) is True
    assert resolve_session(db, quinn_token, clinic_id=DEMO_CLINIC, now=T0) is None


def test_patients_see_who_looked_at_their_record_and_only_theirs(db) -> None:
    alex = person("alex@example.org", Role.PATIENT)
    rivera = person("dr.rivera@example.org", Role.CLINICIAN)
    load_patient_for(db, rivera, demo_id("patient", "alex@example.org"), Category.CHECK_INS, now=T0)
    entries = who_looked(db, alex)
    assert entries[0].who == "Dr. Ana Rivera" and entries[0].role == "clinician"
    assert (entries[0].category, entries[0].action) == ("check_ins", "read")
    assert entries[0].when == "2026-11-26 04:00"  # shown in Alex's own time zone (New York)
    newcomer = make_patient(db, "new.looked@example.org", "Nia New")
    nia = Actor(newcomer.id, Role.PATIENT, CLINIC)
    nia_patient = db.exec(select(Patient.id).where(Patient.user_id == newcomer.id)).one()
    load_patient_for(db, nia, nia_patient, Category.CHECK_INS, now=T0)  # her own look
    assert who_looked(db, nia) == []


def test_only_patients_have_an_access_log_of_their_own(db) -> None:
    with pytest.raises(NotFound):
        who_looked(db, person("dr.chen@example.org", Role.CLINICIAN))
