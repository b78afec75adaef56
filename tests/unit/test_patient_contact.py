"""The patient can be reached (found: no phone and no emergency contact anywhere): the
patient writes them, their care team reads them on the alert and patient page, and the FHIR
export carries them as Patient.telecom and Patient.contact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, Patient
from portal_app.services.access import NotFound
from portal_app.services.care_team.patient_contact import Contact, contact_of, save_my_contact
from portal_app.services.records.fhir_export import everything
from tests.factories import make_care_team_patient
from tests.unit.test_risk_alerts import CHEN, RIVERA

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
SAM = Contact("(555) 010-0142", "Sam Morgan", "brother", "+1 555 010 0177")


def test_the_patient_saves_numbers_and_their_care_team_reads_them(db) -> None:
    me, patient = make_care_team_patient(db, "reach.me@example.org", "Rae Reach", RIVERA.user_id)
    assert save_my_contact(db, me, SAM, now=NOW) == ""
    assert contact_of(db, me, None, now=NOW) == SAM
    seen = contact_of(db, RIVERA, patient.id, now=NOW)
    assert (seen.phone_href, seen.emergency_href) == ("tel:5550100142", "tel:+15550100177")
    looks = db.exec(
        select(AuditEvent.action).where(
            AuditEvent.patient_id == patient.id, AuditEvent.actor_id == RIVERA.user_id
        )
    ).all()
    assert "profile.read" in looks
    with pytest.raises(NotFound):
        contact_of(db, CHEN, patient.id, now=NOW)  # not on the care team
    with pytest.raises(NotFound):
        save_my_contact(db, RIVERA, SAM, now=NOW)  # only the patient writes them


@pytest.mark.parametrize(
    ("wanted", "problem"),
    [
        (Contact(phone="call me"), "contact.phone_invalid"),
        (Contact(phone="12345"), "contact.phone_invalid"),
        (Contact(emergency_name="Sam", emergency_phone="555"), "contact.emergency_phone_invalid"),
        (Contact(emergency_name="Sam"), "contact.emergency_both"),
        (Contact(emergency_phone="555-010-0177"), "contact.emergency_both"),
    ],
)
def test_a_mistake_saves_nothing_and_says_what_to_fix(db, wanted, problem) -> None:
    me, _ = make_care_team_patient(db, "reach.oops@example.org", "Rae Oops", RIVERA.user_id)
    assert save_my_contact(db, me, SAM, now=NOW) == ""
    assert save_my_contact(db, me, wanted, now=NOW) == problem
    assert contact_of(db, me, None, now=NOW) == SAM


def test_the_fhir_export_carries_the_phone_and_the_emergency_contact(db) -> None:
    me, patient = make_care_team_patient(db, "reach.fhir@example.org", "Rae Fhir", RIVERA.user_id)
    assert save_my_contact(db, me, SAM, now=NOW) == ""
    bundle = everything(db, me, patient.id, now=NOW)
    (resource,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert resource["telecom"] == [{"system": "phone", "value": "(555) 010-0142", "use": "mobile"}]
    (contact,) = resource["contact"]
    assert contact["name"]["text"] == "Sam Morgan"
    assert contact["relationship"][0]["coding"][0]["code"] == "C"
    assert contact["relationship"][0]["text"] == "brother"
    assert contact["telecom"] == [{"system": "phone", "value": "+1 555 010 0177"}]
    assert db.get(Patient, patient.id).phone == "(555) 010-0142"
