"""The clinic admin's list of caregivers and guardians linked to the clinic's patients, and
ending a link (a guardian who lost custody, a link made by mistake). The caregiver's access
stops at their next event: the gate asks for grants in force every time. Audited.

This module runs a grant's life, as proxy_grants.py does; what a grant in force lets a
caregiver see is still asked through the gate only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from portal_app.models import Patient, ProxyGrant, User
from portal_app.services.access import Actor, NotFound, patients_of_clinic
from portal_app.services.caregivers.proxy_grants import LIVE, stop_grant
from portal_app.services.common import audit


@dataclass(frozen=True)
class LinkedCaregiver:
    grant_id: uuid.UUID
    caregiver_name: str
    patient_name: str
    relationship: str
    kind: str  # "guardian" (linked by the clinic) or "patient" (chosen by the patient)
    status: str  # invited or active


def clinic_links(db: Session, actor: Actor) -> list[LinkedCaregiver]:
    """Every caregiver link in force or waiting, for the clinic's patients, by patient."""
    carer, patient_user = aliased(User), aliased(User)
    rows = db.exec(
        select(ProxyGrant, carer.display_name, patient_user.display_name)
        .join(carer, col(carer.id) == ProxyGrant.caregiver_id)
        .join(Patient, col(Patient.id) == ProxyGrant.patient_id)
        .join(patient_user, col(patient_user.id) == Patient.user_id)
        .where(
            col(ProxyGrant.patient_id).in_(patients_of_clinic(actor)),
            col(ProxyGrant.status).in_(LIVE),
        )
        .order_by(col(patient_user.display_name), col(carer.display_name))
    ).all()
    return [
        LinkedCaregiver(g.id, carer_name, patient_name, g.relationship, g.kind, g.status)
        for g, carer_name, patient_name in rows
    ]


def end_link(db: Session, actor: Actor, grant_id: uuid.UUID, *, now: datetime) -> None:
    """Stop a caregiver's access to one patient at once."""
    grant = db.get(ProxyGrant, grant_id)
    if (
        grant is None
        or grant.status not in LIVE
        or grant.patient_id not in set(db.exec(patients_of_clinic(actor)).all())
    ):
        raise NotFound
    stop_grant(db, grant, now=now, by=actor.user_id)
    audit.record(
        db,
        "proxy.ended_by_clinic",
        now=now,
        actor_id=actor.user_id,
        on_behalf_of_id=grant.caregiver_id,
        patient_id=grant.patient_id,
        clinic_id=actor.clinic_id,
        category="proxy",
        client_address=actor.client_address,
    )
    db.flush()
