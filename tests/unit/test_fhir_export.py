"""Download my record: a FHIR Bundle that validates, with LOINC-coded PHQ-9/GAD-7 totals, the
patient's visits, medicines, answers, check-ins and messages; never the team's own notes;
only for the patient and their care team; every export audited."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlmodel import select

from portal_app.cli import main
from portal_app.models import AuditEvent, CheckIn, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team.care_team_inbox import hand_to
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.care_team.team_notes import add_note
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from portal_app.services.plans.care_plan import save_plan
from portal_app.services.records.fhir_export import everything
from portal_app.services.visits.appointments import book
from portal_app.services.visits.availability import add_rule, open_slots
from tests.factories import answers_entry, make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
NOW = datetime.now(UTC)


def kinds(bundle: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


@pytest.fixture
def full_record(db):
    me, patient = make_care_team_patient(db, "fhir@example.org", "Fern Record", CHEN.user_id)
    sync(db, me, [answers_entry("phq9", [1] * 9, NOW - timedelta(days=7))], now=NOW)
    sync(db, me, [answers_entry("gad7", [2] * 7, NOW - timedelta(days=7))], now=NOW)
    db.add(
        CheckIn(
            id=uuid.uuid4(),
            patient_id=patient.id,
            local_date=NOW.date(),
            mood=4,
            anxiety=1,
            note="Slept well",
            recorded_at=NOW,
        )
    )
    form = MedicineForm(
        name="Sertraline",
        dose="50 mg",
        instructions="With food",
        reason="",
        prescriber="Dr. Chen",
        started_on=NOW.date().isoformat(),
        as_needed=False,
        times=("08:00",),
        weekdays=(),
    )
    assert add_medicine(db, CHEN, patient.id, form, now=NOW) == ""
    assert (
        add_rule(
            db,
            CHEN,
            weekday=(NOW + timedelta(days=3)).weekday(),
            starts="09:00",
            ends="10:00",
            minutes=60,
            kind="in_person",
            location="Room 1",
        )
        in ("", "availability.problem.overlap")  # hours other tests gave Dr. Chen do as well
    )
    assert (
        book(
            db, me, CHEN.user_id, open_slots(db, CHEN.user_id, now=NOW)[0].starts_at, now=NOW
        ).problem
        == ""
    )
    thread = start_thread(db, me, None, "Question", "Is 50 mg right?", now=NOW)
    hand_to(db, CHEN, thread.id, CHEN.user_id, "TEAM-ONLY hand-off note", now=NOW)
    add_note(db, CHEN, patient.id, "TEAM-ONLY care note", now=NOW)
    save_plan(db, CHEN, patient.id, [("Sleep through the night", "No screens after 10")], now=NOW)
    return me, patient


def test_the_bundle_validates_and_codes_the_totals(db, full_record) -> None:
    me, patient = full_record
    bundle = everything(db, me, patient.id, now=NOW)
    Bundle.model_validate(bundle)  # as a receiving system would
    found = kinds(bundle)
    assert {
        "Patient",
        "Practitioner",
        "CareTeam",
        "Appointment",
        "MedicationStatement",
        "QuestionnaireResponse",
        "Observation",
        "Communication",
    } <= set(found)
    totals = {
        o["code"]["coding"][0]["code"]: o["valueInteger"]
        for o in found["Observation"]
        if "coding" in o["code"]
    }
    assert totals == {"44261-6": 9, "70274-6": 14}
    assert all(
        c["system"] == "http://loinc.org"
        for o in found["Observation"]
        if "coding" in o["code"]
        for c in o["code"]["coding"]
    )
    assert found["Patient"][0]["name"][0]["text"] == "Fern Record"
    assert found["MedicationStatement"][0]["medicationCodeableConcept"]["text"] == "Sertraline"
    assert found["Appointment"][0]["status"] == "booked"
    assert [c["payload"][0]["contentString"] for c in found["Communication"]] == ["Is 50 mg right?"]
    assert "TEAM-ONLY" not in json.dumps(bundle)


def test_only_the_patient_and_their_team_export_and_each_export_is_audited(db, full_record) -> None:
    _, patient = full_record
    other, _ = make_care_team_patient(db, "nosy.fhir@example.org", "Nosy", CHEN.user_id)
    for outsider in (other, RIVERA):
        with pytest.raises(NotFound):
            everything(db, outsider, patient.id, now=NOW)
    everything(db, CHEN, patient.id, now=NOW)
    events = db.exec(
        select(AuditEvent).where(
            AuditEvent.patient_id == patient.id, AuditEvent.action == "records.export_fhir"
        )
    ).all()
    assert [e.actor_id for e in events] == [CHEN.user_id]


def test_the_command_line_writes_the_same_bundle(migrated_database, capsys) -> None:
    assert main(["export-fhir", "alex@example.org"]) == 0
    bundle = json.loads(capsys.readouterr().out)
    Bundle.model_validate(bundle)
    assert kinds(bundle)["Patient"][0]["name"][0]["text"] == "Alex Morgan"
    assert main(["export-fhir", "nobody@example.org"]) == 2


def test_the_patient_sees_who_downloaded_their_record(db, full_record) -> None:
    from portal_app.services.records.access_log import who_looked

    me, patient = full_record
    everything(db, CHEN, patient.id, now=NOW)
    seen = [(e.who, e.action, e.category) for e in who_looked(db, me)]
    assert ("Dr. Wei Chen", "export_fhir", "records") in seen
