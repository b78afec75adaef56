"""The whole caregiver permission matrix, through the gate and through the real services:
every permission (each category's "see" and "do") x grant state (active, expired, revoked,
not yet accepted) x patient (adult, child, teen, teen who agreed, adult whose guardian link
came from childhood) x Part 2 flagged or not (with and without consent). Zero leaks: every
refusal is the same NotFound as a record that does not exist."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from portal_app.models import (
    Appointment,
    Medicine,
    Part2Consent,
    Patient,
    ProxyGrant,
    Role,
    SharedDocument,
)
from portal_app.services.access import Action, Actor, Category, NotFound, can
from portal_app.services.care_team.messaging import start_thread, threads_of_patient
from portal_app.services.caregivers.proxy_policy import ALL
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.library.reading import suggestions_of
from portal_app.services.measures.progress_report import progress_of
from portal_app.services.measures.trends import trends_for
from portal_app.services.medication import allergies
from portal_app.services.medication.medicines import add_medicine, log_dose, medicines_of
from portal_app.services.medication.refills import request_refill
from portal_app.services.medication.schedule import moments_between
from portal_app.services.plans.safety_plan import plan_of
from portal_app.services.records import shared_documents
from portal_app.services.visits.appointments import book, cancel, visits_of
from tests.factories import make_care_team_patient, make_clinician
from tests.unit.test_medicines import sertraline

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
TODAY = NOW.date()
CLINIC = demo_id("clinic", "steady-demo")
# (name, years old, grant kind, teen agreed)
PATIENTS = (
    ("adult", 30, "patient", False),
    ("child", 8, "guardian", False),
    ("teen", 15, "guardian", False),
    ("teen_agreed", 15, "guardian", True),
    ("grown_up", 18, "guardian", False),
)
STATES = ("active", "expired", "revoked", "invited")
TEEN_HIDDEN = {"check_ins.see", "messages.see", "messages.send"}
READS = {
    Category.APPOINTMENTS: "appointments.see",
    Category.MEDICINES: "medicines.see",
    Category.MESSAGES: "messages.see",
    Category.CHECK_INS: "check_ins.see",
    Category.QUESTIONNAIRES: "check_ins.see",
    Category.RECORDS: "records.see",
    Category.SAFETY_PLAN: "safety_plan.see",
    Category.EDUCATION: "education.see",
}
CATEGORY_OF = {
    "appointments": Category.APPOINTMENTS,
    "medicines": Category.MEDICINES,
    "messages": Category.MESSAGES,
    "check_ins": Category.CHECK_INS,
    "records": Category.RECORDS,
    "safety_plan": Category.SAFETY_PLAN,
    "education": Category.EDUCATION,
}


def born(years: int) -> date:
    return TODAY.replace(year=TODAY.year - years) - timedelta(days=30)


def expected(kind: str, years: int, agreed: bool, state: str, code: str) -> set[str]:
    """The specification, written out: what a grant of `code` (plus its category's "see")
    allows today."""
    if state != "active" or (kind == "guardian" and years >= 18):
        return set()
    allowed = {code, f"{code.split('.')[0]}.see"}
    if kind == "guardian" and 12 <= years < 18 and not agreed:
        allowed -= TEEN_HIDDEN
    return allowed


@pytest.fixture
def world(db):
    clinician = make_clinician(db, "matrix.dr@example.org", "Dr. Matrix")
    caregiver = make_clinician(db, "matrix.cg@example.org", "Cora Care", role=Role.CAREGIVER)
    people = {}
    for number, (name, years, kind, agreed) in enumerate(PATIENTS):
        _, patient = make_care_team_patient(
            db, f"matrix.{name}@example.org", f"Pat {name}", clinician.user_id
        )
        patient.date_of_birth = born(years)
        db.add(patient)
        assert add_medicine(db, clinician, patient.id, sertraline(), now=NOW) == ""
        medicine = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).one()
        visit = Appointment(
            patient_id=patient.id,
            clinician_id=clinician.user_id,
            clinic_id=CLINIC,
            starts_at=NOW + timedelta(days=10 + number),
            ends_at=NOW + timedelta(days=10 + number, hours=1),
            created_by=clinician.user_id,
        )
        db.add(visit)
        for part2 in (False, True):
            shared_documents.share_summary(
                db,
                clinician,
                patient.id,
                f"{'Part 2' if part2 else 'Plain'} note",
                "words",
                visit_on=None,
                now=NOW,
                part2=part2,
            )
        grant = ProxyGrant(
            patient_id=patient.id,
            caregiver_id=caregiver.user_id,
            kind=kind,
            permissions=[],
            created_by=clinician.user_id,
            teen_agreed_at=NOW if agreed else None,
        )
        db.add(grant)
        db.flush()
        people[name] = (patient, grant, medicine, visit)
    return clinician, caregiver, people


def set_grant(db, grant: ProxyGrant, state: str, code: str) -> None:
    grant.permissions = sorted({code, f"{code.split('.')[0]}.see"})
    grant.status = "active" if state == "expired" else state
    grant.ends_on = TODAY - timedelta(days=1) if state == "expired" else None
    db.add(grant)
    db.flush()


def refused(step) -> bool:
    try:
        step()
    except NotFound:
        return True
    return False


def last_dose_time(patient: Patient, medicine: Medicine) -> datetime:
    """The medicine's latest real dose time before NOW: a scheduled medicine takes no dose at
    no set time, so the check must name one of its own."""
    zone = ZoneInfo(patient.timezone)
    day_before = NOW - timedelta(days=1)
    return moments_between(medicine.times, medicine.weekdays, zone, day_before, NOW)[-1]


def service_checks(db, cg: Actor, patient: Patient, medicine: Medicine, visit: Appointment):
    """Each permission, tried through the real service that needs it."""
    return {
        "appointments.see": lambda: visits_of(db, cg, None, now=NOW),
        "appointments.book": lambda: book(db, cg, visit.clinician_id, NOW, now=NOW),
        "appointments.cancel": lambda: cancel(db, cg, visit.id, now=NOW),
        "medicines.see": lambda: medicines_of(db, cg, patient.id, now=NOW),
        "medicines.log_doses": lambda: log_dose(
            db, cg, medicine.id, last_dose_time(patient, medicine), "taken", source="home", now=NOW
        ),
        "medicines.request_refills": lambda: request_refill(db, cg, medicine.id, now=NOW),
        "messages.see": lambda: threads_of_patient(db, cg, None, now=NOW),
        "messages.send": lambda: start_thread(db, cg, None, "Hello", "For Pat", now=NOW),
        "check_ins.see": lambda: (
            trends_for(db, cg, patient.id, 30, now=NOW),
            progress_of(db, cg, None, now=NOW),
        ),
        "records.see": lambda: (
            shared_documents.shared_with(db, cg, None, now=NOW),
            allergies.allergies_of(db, cg, None, now=NOW),
        ),
        "safety_plan.see": lambda: plan_of(db, cg, None, now=NOW),
        "education.see": lambda: suggestions_of(db, cg, None, now=NOW),
    }


def test_every_permission_state_and_age_through_the_gate_and_the_services(db, world) -> None:
    _, caregiver, people = world
    checked = 0
    for (name, years, kind, agreed), state, code in itertools.product(PATIENTS, STATES, ALL):
        patient, grant, medicine, visit = people[name]
        set_grant(db, grant, state, code)
        cg = Actor(caregiver.user_id, Role.CAREGIVER, CLINIC, helping=patient.id)
        want = expected(kind, years, agreed, state, code)
        case = f"{name}/{state}/{code}"
        for category, see in READS.items():
            assert can(db, cg, Action.READ, patient.id, category, today=TODAY) is (see in want), (
                f"{case}: read {category}"
            )
            checked += 1
            # A change with no named permission is never a caregiver's.
            assert not can(db, cg, Action.CHANGE, patient.id, category, today=TODAY), case
            checked += 1
        for permission in ALL:
            category = CATEGORY_OF[permission.split(".")[0]]
            if permission.endswith(".see"):
                continue
            allowed = can(db, cg, Action.CHANGE, patient.id, category, need=permission, today=TODAY)
            assert allowed is (permission in want), f"{case}: {permission}"
            checked += 1
        for permission, step in service_checks(db, cg, patient, medicine, visit).items():
            with db.begin_nested() as attempt:
                was_refused = refused(step)
                attempt.rollback()  # whatever it changed, the next case starts the same
            assert was_refused is (permission not in want), f"{case}: service {permission}"
            checked += 1
    doing = [p for p in ALL if not p.endswith(".see")]
    per_case = (
        len(READS) * 2
        + len(doing)
        + len(service_checks(db, caregiver, *people["adult"][:1], *people["adult"][2:]))
    )
    assert checked == len(PATIENTS) * len(STATES) * len(ALL) * per_case == 7920


def test_part2_and_confidential_items_through_the_records_service(db, world) -> None:
    clinician, caregiver, people = world
    shown = 0
    for (name, years, kind, agreed), consent in itertools.product(PATIENTS, (False, True)):
        patient, grant, _, _ = people[name]
        set_grant(db, grant, "active", "records.see")
        for old in db.exec(select(Part2Consent).where(Part2Consent.patient_id == patient.id)):
            db.delete(old)
        if consent:
            db.add(
                Part2Consent(
                    patient_id=patient.id,
                    recipient="caregiver",
                    grant_id=grant.id,
                    purpose="Help with my care",
                    expires_on=TODAY + timedelta(days=30),
                )
            )
        db.flush()
        cg = Actor(caregiver.user_id, Role.CAREGIVER, CLINIC, helping=patient.id)
        if not expected(kind, years, agreed, "active", "records.see"):
            assert refused(lambda cg=cg: shared_documents.shared_with(db, cg, None, now=NOW))
            continue
        titles = {i.title for i in shared_documents.shared_with(db, cg, None, now=NOW)}
        assert titles == ({"Plain note", "Part 2 note"} if consent else {"Plain note"}), name
        part2 = db.exec(
            select(SharedDocument).where(
                SharedDocument.patient_id == patient.id, col(SharedDocument.title) == "Part 2 note"
            )
        ).one()
        part2.file_name, part2.content_type = "p2.pdf", "application/pdf"
        db.add(part2)
        db.flush()
        opened = not refused(
            lambda cg=cg, doc=part2: shared_documents.open_file(db, cg, doc.id, now=NOW)
        )
        # Without consent the file is refused before its bytes are looked for.
        assert consent or not opened
        shown += 1
    # The patient and the care team always see both.
    for patient, _, _, _ in people.values():
        team = {i.title for i in shared_documents.shared_with(db, clinician, patient.id, now=NOW)}
        assert team == {"Plain note", "Part 2 note"}
    assert shown == 8  # adult, child, teen, teen_agreed (records is not teen-confidential) x 2
