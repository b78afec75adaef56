"""A realistic, deterministic demo clinic, so a newcomer can try every screen at once.

Ids come from uuid5 so every seeded install (and every test) names the same people the same way.
Birth dates are relative to today, so Jordan is always 15 and the teen rules always apply.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from portal_app.models import (
    Allergy,
    CareTeamMembership,
    CareTopic,
    Clinic,
    DoseLog,
    Medicine,
    Patient,
    ProxyGrant,
    ReadingSuggestion,
    Role,
    SharedDocument,
    User,
)
from portal_app.services.caregivers.proxy_policy import PRESETS
from portal_app.services.clinic.demo_website import add_demo_website
from portal_app.services.identity.passwords import hash_password

DEMO_NAMESPACE = uuid.UUID("5d7f3c2a-9a4e-4f0e-8a53-2a7d51f0c001")
DEMO_CLINIC_SLUG = "steady-demo"
DEMO_CLINIC_SLUGS = (DEMO_CLINIC_SLUG, "harbor-demo")  # the made-up clinics, which say so


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    age: int | None = None
    weeks_in_care: int = 0
    primary_clinician: str | None = None


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("admin@example.org", "Pat Okafor", Role.CLINIC_ADMIN),
    DemoPerson("dr.rivera@example.org", "Dr. Ana Rivera", Role.CLINICIAN),
    DemoPerson("dr.chen@example.org", "Dr. Wei Chen", Role.CLINICIAN),
    DemoPerson("alex@example.org", "Alex Morgan", Role.PATIENT, 34, 6, "dr.rivera@example.org"),
    DemoPerson("jordan@example.org", "Jordan Lee", Role.PATIENT, 15, 4, "dr.rivera@example.org"),
    DemoPerson("taylor@example.org", "Taylor Brooks", Role.PATIENT, 27, 8, "dr.rivera@example.org"),
    DemoPerson("casey@example.org", "Casey Nguyen", Role.PATIENT, 45, 3, "dr.chen@example.org"),
    DemoPerson("riley@example.org", "Riley Santos", Role.PATIENT, 52, 5, "dr.chen@example.org"),
    DemoPerson("quinn@example.org", "Quinn Patel", Role.PATIENT, 19, 2, "dr.chen@example.org"),
    DemoPerson("sam@example.org", "Sam Morgan", Role.CAREGIVER),
)

# Care teams with more than one clinician, so collaboration has something to show.
EXTRA_TEAM_MEMBERS: tuple[tuple[str, str], ...] = (("alex@example.org", "dr.chen@example.org"),)

# Every demo account shares this password (demo data only; real accounts choose their own).
DEMO_PASSWORD = "calm-river-demo"  # noqa: S105 - printed for the demo on purpose

# The sign-ins `make run` prints: (role shown to the person, email).
DEMO_SIGN_INS: tuple[tuple[str, str], ...] = (
    ("Patient (adult)", "alex@example.org"),
    ("Patient (15 years old)", "jordan@example.org"),
    ("Clinician", "dr.rivera@example.org"),
    ("Clinician", "dr.chen@example.org"),
    ("Caregiver (helps Alex)", "sam@example.org"),
    ("Clinic admin", "admin@example.org"),
)


def demo_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


def birth_date_for_age(today: date, years: int) -> date:
    """A birthday about four months ago, `years` years back (Feb 29 falls back to Feb 28)."""
    anchor = today - timedelta(days=120)
    try:
        return anchor.replace(year=anchor.year - years)
    except ValueError:
        return anchor.replace(year=anchor.year - years, day=28)


def seed_demo(session: Session, today: date) -> bool:
    """Create the demo clinic once; returns False (and changes nothing) when it already exists."""
    if session.exec(select(Clinic).where(Clinic.slug == DEMO_CLINIC_SLUG)).first():
        return False
    password_hash = hash_password(DEMO_PASSWORD)
    clinic = Clinic(
        id=demo_id("clinic", DEMO_CLINIC_SLUG),
        slug=DEMO_CLINIC_SLUG,
        # No hostname of its own: the install's default clinic, served at its public origin
        # (and at any hostname no other clinic claims).
        name="Riverside Behavioral Health",
        phone="(555) 010-0100",
        after_hours_phone="(555) 010-0199",
        usual_reply_hours=48,
    )
    session.add(clinic)
    session.flush()
    for person in DEMO_PEOPLE:
        add_demo_person(session, clinic, person, today, password_hash)
    session.flush()
    # Risk alerts always reach someone: Dr. Chen is on call, with an answering service.
    clinic.on_call_clinician_id = demo_id("user", "dr.chen@example.org")
    clinic.after_hours_email = "after-hours@riverside.example"
    session.add(clinic)
    for patient_email, clinician_email in EXTRA_TEAM_MEMBERS:
        session.add(_membership(patient_email, clinician_email, is_primary=False))
    _add_demo_medicines(session, today)
    _add_demo_record(session, today)
    add_demo_website(session, clinic, today)
    # Sam helps Alex with visits and medicines (Alex chose this; Sam said yes).
    session.add(
        ProxyGrant(
            id=demo_id("grant", "sam-alex"),
            patient_id=demo_id("patient", "alex@example.org"),
            caregiver_id=demo_id("user", "sam@example.org"),
            relationship="Partner",
            permissions=list(PRESETS["appointments_only"] + PRESETS["medicines_only"]),
            status="active",
            created_by=demo_id("user", "alex@example.org"),
            accepted_at=datetime.combine(today - timedelta(days=7), time(12), tzinfo=UTC),
        )
    )
    return True


def _add_demo_record(session: Session, today: date) -> None:
    """Alex's record holds one allergy and a note from the first visit."""
    patient_id = demo_id("patient", "alex@example.org")
    clinician = demo_id("user", "dr.rivera@example.org")
    first_visit = datetime.combine(today - timedelta(days=14), time(15), tzinfo=UTC)
    session.add(
        Allergy(
            id=demo_id("allergy", "alex-penicillin"),
            patient_id=patient_id,
            substance="Penicillin",
            reaction="Itchy rash",
            severity="moderate",
            noted_by=clinician,
            noted_at=first_visit,
        )
    )
    session.add(
        SharedDocument(
            id=demo_id("shared", "alex-first-visit"),
            patient_id=patient_id,
            shared_by=clinician,
            kind="visit_summary",
            title="Our first visit",
            body=(
                "We talked about low mood and worry at work. We agreed to start Sertraline "
                "and to meet every two weeks. Between visits, try a short walk each day and "
                "use the check-in to note your mood."
            ),
            visit_on=first_visit,
            shared_at=first_visit + timedelta(hours=2),
        )
    )
    # Reading: the topics of Alex's care, and one article Dr. Rivera suggested after that visit.
    for topic in ("depression", "sleep"):
        session.add(
            CareTopic(
                id=demo_id("care-topic", f"alex-{topic}"),
                patient_id=patient_id,
                topic=topic,
                added_by=clinician,
                created_at=first_visit,
            )
        )
    session.add(
        ReadingSuggestion(
            id=demo_id("reading", "alex-small-steps"),
            patient_id=patient_id,
            slug="depression-small-steps",
            suggested_by=clinician,
            created_at=first_visit + timedelta(hours=2),
        )
    )


def _add_demo_medicines(session: Session, today: date) -> None:
    """Alex takes one medicine every morning and has one for when needed."""
    patient_id = demo_id("patient", "alex@example.org")
    prescriber = demo_id("user", "dr.rivera@example.org")
    added = datetime.combine(today - timedelta(days=30), time(12), tzinfo=UTC)
    for key, name, dose, instructions, reason, times in (
        (
            "alex-sertraline",
            "Sertraline",
            "50 mg, 1 tablet",
            "Take with breakfast.",
            "For low mood and worry",
            ["08:00"],
        ),
        (
            "alex-hydroxyzine",
            "Hydroxyzine",
            "25 mg, 1 tablet",
            "Take when worry is strong. No more than 3 a day.",
            "For strong worry",
            [],
        ),
    ):
        session.add(
            Medicine(
                id=demo_id("medicine", key),
                patient_id=patient_id,
                name=name,
                dose=dose,
                instructions=instructions,
                reason=reason,
                prescriber="Dr. Rivera",
                started_on=today - timedelta(days=30),
                as_needed=not times,
                times=times,
                created_by=prescriber,
                created_at=added,
            )
        )
    session.flush()  # the medicines first: the dose log points at them
    # Five of the last six mornings taken (one a little late); one missed.
    zone = ZoneInfo("America/New_York")
    for days_ago, late in ((1, False), (2, False), (4, True), (5, False), (6, False)):
        dose_time = datetime.combine(today - timedelta(days=days_ago), time(8), tzinfo=zone)
        session.add(
            DoseLog(
                medicine_id=demo_id("medicine", "alex-sertraline"),
                patient_id=patient_id,
                scheduled_for=dose_time.astimezone(UTC),
                status="late" if late else "taken",
                recorded_at=(dose_time + timedelta(hours=3 if late else 0, minutes=10)).astimezone(
                    UTC
                ),
                recorded_by=demo_id("user", "alex@example.org"),
                source="home",
            )
        )


# Phones and emergency contacts (fictional 555-01xx numbers), so an alert shows who to call.
DEMO_REACH = {
    "alex@example.org": ("(555) 010-0142", "Sam Morgan", "brother", "(555) 010-0177"),
    "casey@example.org": ("(555) 010-0123", "Minh Nguyen", "husband", "(555) 010-0188"),
    "taylor@example.org": ("(555) 010-0131", "", "", ""),
}


def add_demo_person(
    session: Session, clinic: Clinic, person: DemoPerson, today: date, password_hash: str
) -> None:
    joined = datetime.combine(today - timedelta(weeks=person.weeks_in_care), time(9), UTC)
    user = User(
        id=demo_id("user", person.email),
        email=person.email,
        display_name=person.name,
        role=person.role,
        clinic_id=clinic.id,
        created_at=joined,
        password_hash=password_hash,
    )
    session.add(user)
    session.flush()
    if person.role is not Role.PATIENT or person.age is None:
        return
    patient = Patient(
        id=demo_id("patient", person.email),
        user_id=user.id,
        clinic_id=clinic.id,
        preferred_name=person.name.split()[0],
        date_of_birth=birth_date_for_age(today, person.age),
        created_at=joined,
    )
    phone, name, relation, other = DEMO_REACH.get(person.email, ("", "", "", ""))
    patient.phone, patient.emergency_name = phone, name
    patient.emergency_relation, patient.emergency_phone = relation, other
    session.add(patient)
    if person.primary_clinician:
        session.flush()
        session.add(_membership(person.email, person.primary_clinician, is_primary=True))


def _membership(
    patient_email: str, clinician_email: str, *, is_primary: bool
) -> CareTeamMembership:
    return CareTeamMembership(
        id=demo_id("team", f"{patient_email}|{clinician_email}"),
        patient_id=demo_id("patient", patient_email),
        clinician_id=demo_id("user", clinician_email),
        is_primary=is_primary,
    )
