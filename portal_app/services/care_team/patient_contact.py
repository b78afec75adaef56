"""How the care team reaches a patient in a crisis: the patient's own phone and an emergency
contact they chose. The patient writes them; their care team reads them (through the gate,
audited) on the alert and the patient page, each with a one-tap call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from portal_app.content.crisis import tel_href
from portal_app.models import Role
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    own_patient_id,
)
from portal_app.services.problems import ContactProblem

PHONE_CHARACTERS = set("0123456789+-(). ")


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    emergency_name: str = ""
    emergency_relation: str = ""
    emergency_phone: str = ""

    @property
    def phone_href(self) -> str:
        return tel_href(self.phone) if self.phone else ""

    @property
    def emergency_href(self) -> str:
        return tel_href(self.emergency_phone) if self.emergency_phone else ""


def phone_ok(text: str) -> bool:
    """A number as people write one: 7 to 15 digits, with spaces, dashes, dots, brackets or +."""
    digits = sum(ch.isdigit() for ch in text)
    return set(text) <= PHONE_CHARACTERS and 7 <= digits <= 15


def contact_of(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> Contact:
    """The patient's own, or (for their care team) a patient's; audited as a profile read."""
    chosen = patient_id or own_patient_id(db, actor)
    if chosen is None:
        raise NotFound
    patient = load_patient_for(db, actor, chosen, Category.PROFILE, now=now)
    return Contact(
        patient.phone,
        patient.emergency_name,
        patient.emergency_relation,
        patient.emergency_phone,
    )


def save_my_contact(db: Session, actor: Actor, wanted: Contact, *, now: datetime) -> str:
    """The patient's own numbers; "" when saved, else the catalog key of what to fix."""
    patient_id = own_patient_id(db, actor)
    if actor.role is not Role.PATIENT or patient_id is None:
        raise NotFound
    phone, name = " ".join(wanted.phone.split()), " ".join(wanted.emergency_name.split())
    relation = " ".join(wanted.emergency_relation.split())
    other = " ".join(wanted.emergency_phone.split())
    if phone and not phone_ok(phone):
        return ContactProblem.PHONE_INVALID
    if other and not phone_ok(other):
        return ContactProblem.EMERGENCY_PHONE_INVALID
    if bool(name) != bool(other):
        return ContactProblem.EMERGENCY_BOTH
    if len(name) > 120 or len(relation) > 60:
        return ContactProblem.TOO_LONG
    patient = load_patient_for(
        db, actor, patient_id, Category.PROFILE, now=now, action=Action.CHANGE
    )
    patient.phone, patient.emergency_name = phone, name
    patient.emergency_relation, patient.emergency_phone = relation, other
    db.add(patient)
    db.flush()
    return ""
