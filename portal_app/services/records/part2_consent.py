"""Consent for substance-use treatment records (42 CFR Part 2): items the clinician marks as
Part 2 go to nobody beyond the patient and their care team (no caregiver, no export) unless
the patient consents in writing: to whom, for what, until when. The patient can withdraw at
any time. Every disclosure carries the federal notice (catalog key NOTICE)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from portal_app.models import GrantStatus, Part2Consent, Patient, ProxyGrant
from portal_app.services.access import (
    Actor,
    NotFound,
    active_grant_ids,
    audit_patient_event,
    own_patient_id,
)
from portal_app.services.problems import ConsentProblem

NOTICE = "records.part2_notice"
RECIPIENTS = ("caregiver", "export")


@dataclass(frozen=True)
class ConsentView:
    id: uuid.UUID
    recipient: str
    grant_id: uuid.UUID | None
    purpose: str
    granted_at: datetime
    expires_on: date


def _patient(db: Session, actor: Actor) -> Patient:
    patient_id = own_patient_id(db, actor)
    patient = db.get(Patient, patient_id) if patient_id else None
    if patient is None:
        raise NotFound
    return patient


def give_consent(
    db: Session,
    actor: Actor,
    recipient: str,
    grant_id: uuid.UUID | None,
    purpose: str,
    expires_on: date | None,
    *,
    now: datetime,
) -> str:
    """ "" when recorded, else a catalog key. Patients only, for their own records."""
    patient = _patient(db, actor)
    purpose = " ".join(purpose.split())
    if recipient not in RECIPIENTS:
        return ConsentProblem.RECIPIENT
    if recipient == "caregiver":
        grant = db.get(ProxyGrant, grant_id) if grant_id else None
        if grant is None or grant.patient_id != patient.id or grant.status != GrantStatus.ACTIVE:
            return ConsentProblem.RECIPIENT
    else:
        grant_id = None
    if not purpose or len(purpose) > 300:
        return ConsentProblem.PURPOSE
    if expires_on is None or expires_on < now.date():
        return ConsentProblem.EXPIRES
    db.add(
        Part2Consent(
            patient_id=patient.id,
            recipient=recipient,
            grant_id=grant_id,
            purpose=purpose,
            granted_at=now,
            expires_on=expires_on,
        )
    )
    audit_patient_event(db, actor, patient, "part2.consent_given", "part2", now=now)
    db.flush()
    return ""


def withdraw_consent(db: Session, actor: Actor, consent_id: uuid.UUID, *, now: datetime) -> None:
    patient = _patient(db, actor)
    row = db.get(Part2Consent, consent_id)
    if row is None or row.patient_id != patient.id or row.withdrawn_at is not None:
        raise NotFound
    row.withdrawn_at = now
    db.add(row)
    audit_patient_event(db, actor, patient, "part2.consent_withdrawn", "part2", now=now)
    db.flush()


def consents_of(db: Session, actor: Actor, *, now: datetime) -> list[ConsentView]:
    """The patient's consents still in force (not withdrawn, not expired)."""
    patient = _patient(db, actor)
    rows = db.exec(
        select(Part2Consent)
        .where(
            Part2Consent.patient_id == patient.id,
            col(Part2Consent.withdrawn_at).is_(None),
            col(Part2Consent.expires_on) >= now.date(),
        )
        .order_by(col(Part2Consent.granted_at).desc())
    ).all()
    return [
        ConsentView(c.id, c.recipient, c.grant_id, c.purpose, c.granted_at, c.expires_on)
        for c in rows
    ]


def may_disclose(
    db: Session,
    patient_id: uuid.UUID,
    recipient: str,
    *,
    today: date,
    caregiver_id: uuid.UUID | None = None,
) -> bool:
    """Whether the patient's consent in force covers this recipient today."""
    query = select(Part2Consent.id).where(
        Part2Consent.patient_id == patient_id,
        Part2Consent.recipient == recipient,
        col(Part2Consent.withdrawn_at).is_(None),
        col(Part2Consent.expires_on) >= today,
    )
    if recipient == "caregiver":
        if caregiver_id is None:
            return False
        query = query.where(col(Part2Consent.grant_id).in_(active_grant_ids(caregiver_id)))
    return db.exec(query).first() is not None
