"""A second demo clinic on the same install, at its own hostname, so what tenancy means can be
seen side by side: its own name, colours, language and numbers, and its own people, who are
strangers to the first clinic's (http://localhost:3000 is Riverside, http://127.0.0.1:3000
is Harbor)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from portal_app.models import Clinic, Language, Role, User
from portal_app.services.clinic.demo_seed import (
    DEMO_PASSWORD,
    DemoPerson,
    add_demo_person,
    demo_id,
)
from portal_app.services.identity.passwords import hash_password

SECOND_CLINIC_SLUG = "harbor-demo"
SECOND_CLINIC_HOSTNAME = "127.0.0.1"

SECOND_CLINIC_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("admin@harbor.example", "Lena Ortiz", Role.CLINIC_ADMIN),
    DemoPerson("dr.mendez@harbor.example", "Dr. Sofía Méndez", Role.CLINICIAN),
    DemoPerson(
        "maria@harbor.example", "María Flores", Role.PATIENT, 41, 5, "dr.mendez@harbor.example"
    ),
    DemoPerson(
        "luis@harbor.example", "Luis Romero", Role.PATIENT, 29, 3, "dr.mendez@harbor.example"
    ),
)

SECOND_CLINIC_SIGN_INS: tuple[tuple[str, str], ...] = (
    ("Harbor patient (127.0.0.1)", "maria@harbor.example"),
    ("Harbor clinician", "dr.mendez@harbor.example"),
    ("Harbor clinic admin", "admin@harbor.example"),
)


def seed_second_clinic(session: Session, today: date) -> bool:
    """Create Harbor once (also on an install seeded before there were two); False when it is
    there already."""
    if session.exec(select(Clinic).where(Clinic.slug == SECOND_CLINIC_SLUG)).first():
        return False
    clinic = Clinic(
        id=demo_id("clinic", SECOND_CLINIC_SLUG),
        slug=SECOND_CLINIC_SLUG,
        hostname=SECOND_CLINIC_HOSTNAME,
        name="Harbor Counseling Center",
        primary_color="#7a2e5c",
        accent_color="#b45309",
        phone="(555) 020-0100",
        after_hours_phone="(555) 020-0199",
        after_hours_phone_es="(555) 020-0188",
        timezone="America/Chicago",
        usual_reply_hours=24,
        default_language="es",
        after_hours_email="guardia@harbor.example",
    )
    session.add(clinic)
    session.flush()
    password_hash = hash_password(DEMO_PASSWORD)
    for person in SECOND_CLINIC_PEOPLE:
        add_demo_person(session, clinic, person, today, password_hash)
    session.flush()
    for email in ("maria@harbor.example", "dr.mendez@harbor.example"):
        reader = session.get(User, demo_id("user", email))
        if reader is not None:
            reader.language = Language.SPANISH
            session.add(reader)
    clinic.on_call_clinician_id = demo_id("user", "dr.mendez@harbor.example")
    session.add(clinic)
    return True
