"""A caregiver's side of their grants: the people they can help today, choosing whom they are
helping now (kept on their own server-side session), and what they may do for them today.
The grants themselves (invitations, changes, revocations) are proxy_grants.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import AuthSession, Patient, Role, User
from portal_app.services.access import Actor, NotFound, granted_today, patients_helped_by
from portal_app.services.caregivers.proxy_policy import ALL


@dataclass(frozen=True)
class Helped:
    patient_id: uuid.UUID
    name: str
    allowed: list[str]


def people_helped(db: Session, actor: Actor, *, now: datetime) -> list[Helped]:
    """The people this caregiver can help today, by name (nothing left: not listed)."""
    if actor.role is not Role.CAREGIVER:
        return []
    rows = db.exec(
        select(Patient, User.display_name)
        .join(User, col(User.id) == Patient.user_id)
        .where(col(Patient.id).in_(patients_helped_by(actor.user_id)))
        .order_by(col(User.display_name))
    ).all()
    helped: list[Helped] = []
    seen: set[uuid.UUID] = set()  # a guardian link and the patient's own grant: one person
    for patient, name in rows:
        if patient.id in seen:
            continue
        seen.add(patient.id)
        allowed = granted_today(db, actor.user_id, patient, now.date())
        if allowed:
            helped.append(Helped(patient.id, name, in_order(allowed)))
    return helped


def choose_patient(
    db: Session, actor: Actor, session_id: uuid.UUID, patient_id: uuid.UUID | None, *, now: datetime
) -> None:
    """Switch whom the caregiver is helping (kept on their own session, server side)."""
    if patient_id is not None and patient_id not in {
        h.patient_id for h in people_helped(db, actor, now=now)
    }:
        raise NotFound
    row = db.get(AuthSession, session_id)
    if row is None or row.user_id != actor.user_id:
        raise NotFound
    row.helping_patient_id = patient_id
    db.add(row)
    db.flush()


def in_order(codes: frozenset[str]) -> list[str]:
    return [c for c in ALL if c in codes]


def allowed_now(db: Session, actor: Actor, *, now: datetime) -> frozenset[str]:
    """What the caregiver may see and do today for the person they are helping now."""
    patient = db.get(Patient, actor.helping) if actor.helping else None
    if actor.role is not Role.CAREGIVER or patient is None:
        return frozenset()
    return granted_today(db, actor.user_id, patient, now.date())
