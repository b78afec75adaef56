"""People made for one test, so the demo accounts other tests rely on stay as they are."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Session, select

from portal_app.models import CareTeamMembership, Patient, ProxyGrant, Role, User
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.identity.passwords import hash_password

DEMO_CLINIC = demo_id("clinic", "steady-demo")  # the first demo clinic, served at localhost


def make_patient(
    db: Session, email: str, name: str, *, password: str | None = DEMO_PASSWORD
) -> User:
    """A patient of the demo clinic (with a password unless told otherwise)."""
    user = User(
        email=email,
        display_name=name,
        role=Role.PATIENT,
        clinic_id=demo_id("clinic", "steady-demo"),
        password_hash=hash_password(password) if password else None,
    )
    db.add(user)
    db.flush()
    db.add(
        Patient(
            user_id=user.id,
            clinic_id=user.clinic_id,
            preferred_name=name.split()[0],
            date_of_birth=date(1990, 1, 1),
        )
    )
    db.flush()
    return user


def check_in_entry(at: datetime, *, note: str = "", mood: int = 3, anxiety: int = 1) -> dict:
    """A check-in as a device sends it to the sync service."""
    entry = {"kind": "check_in", "id": str(uuid.uuid4()), "recorded_at": at.isoformat()}
    return {**entry, "mood": mood, "anxiety": anxiety, "note": note}


def answers_entry(instrument: str, answers: list, at: datetime, *, submitted: bool = True) -> dict:
    """A questionnaire entry as a device sends it to the sync service."""
    return {
        "kind": "questionnaire",
        "id": str(uuid.uuid4()),
        "recorded_at": at.isoformat(),
        "instrument": instrument,
        "answers": answers,
        "submitted": submitted,
    }


def make_care_team_patient(
    db: Session, email: str, name: str, clinician_id: uuid.UUID, *, zone: str = "America/New_York"
) -> tuple[Actor, Patient]:
    """A patient (in `zone`) with the clinician as their primary care-team member."""
    user = make_patient(db, email, name)
    patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
    patient.timezone = zone
    db.add(patient)
    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=clinician_id, is_primary=True))
    db.flush()
    return Actor(user.id, Role.PATIENT, user.clinic_id), patient


def make_clinician(db: Session, email: str, name: str, *, role: Role = Role.CLINICIAN) -> Actor:
    """A clinician (or, with `role`, a caregiver) of the demo clinic made for one test."""
    user = User(
        email=email,
        display_name=name,
        role=role,
        clinic_id=demo_id("clinic", "steady-demo"),
    )
    db.add(user)
    db.flush()
    return Actor(user.id, role, user.clinic_id)


def make_helper(
    db: Session,
    patient: Patient,
    name: str,
    permissions: list[str],
    *,
    kind: str = "caregiver",
    status: str = "active",
) -> str:
    """A caregiver (or guardian) of the patient with a grant made for one test; their email."""
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:6]}@example.org"
    helper = make_clinician(db, email, name, role=Role.CAREGIVER)
    db.add(
        ProxyGrant(
            patient_id=patient.id,
            caregiver_id=helper.user_id,
            kind=kind,
            relationship="Parent" if kind == "guardian" else "",
            permissions=permissions,
            status=status,
            created_by=patient.user_id,
        )
    )
    db.flush()
    return email
