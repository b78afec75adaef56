"""The single gate to patients' data: who may do what, for whom, in which category.

Every service that reads or changes health data calls `load_patient_for` (or `can`) with the
acting person first. "Not allowed" and "does not exist" raise the same NotFound, so nobody
can learn that a record exists by being refused. Every allowed read or change is audited.

Lists are scoped here too: `patients_in_care` is the only way a service may ask "which
patients are this clinician's", `care_team_of` "who is on this patient's team",
`active_grants` "what has this caregiver been given", and `require_clinician` guards staff-only
work. tests/unit/test_gate_scope.py fails on such a query written anywhere else, so a rule
like a colleague covering for another is one change, in this file.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from portal_app.models import (
    CareTeamMembership,
    Clinic,
    GrantKind,
    GrantStatus,
    Patient,
    ProxyGrant,
    Role,
    User,
)
from portal_app.services.caregivers.proxy_policy import (
    AgeRules,
    GrantFacts,
    allows,
    effective,
    needed,
    stage,
)
from portal_app.services.common import audit


class NotFound(Exception):
    """Not there, or not yours: deliberately the same.

    A refusal by the gate is audited. When the NotFound ends the caller's unit of work, that
    work (and the audit event with it) is rolled back; `audit_after_rollback` then records it
    on its own (db.session_scope calls it), so it is kept exactly once either way."""

    audit_after_rollback: Callable[[Session], object] | None = None


class Action(StrEnum):
    READ = "read"
    CHANGE = "change"


class Category(StrEnum):
    PROFILE = "profile"
    CHECK_INS = "check_ins"
    QUESTIONNAIRES = "questionnaires"
    MESSAGES = "messages"
    APPOINTMENTS = "appointments"
    MEDICINES = "medicines"
    RECORDS = "records"
    SAFETY_PLAN = "safety_plan"
    EDUCATION = "education"


@dataclass(frozen=True)
class Actor:
    """The person acting, as established by a server-side session (never by the client)."""

    user_id: uuid.UUID
    role: Role
    clinic_id: uuid.UUID
    client_address: str = ""
    helping: uuid.UUID | None = None  # a caregiver's chosen patient (from their session)


def is_clinician(actor: Actor) -> bool:
    return actor.role is Role.CLINICIAN


def require_clinician(actor: Actor) -> None:
    """Staff-only work: anyone else gets the same NotFound as a record that is not there."""
    if actor.role is not Role.CLINICIAN:
        raise NotFound


def require_clinic_admin(actor: Actor) -> None:
    """A clinic admin's own work (their clinic's settings, staff, forms): anyone else gets the
    same NotFound as a thing that is not there."""
    if actor.role is not Role.CLINIC_ADMIN:
        raise NotFound


def patients_in_care_of(clinician_id: uuid.UUID, clinic_id: uuid.UUID) -> SelectOfScalar[uuid.UUID]:
    """The ids of a clinician's patients (on their care team, in their clinic), as a subquery to
    filter a list by: `.where(col(Row.patient_id).in_(patients_in_care_of(...)))`."""
    return (
        select(CareTeamMembership.patient_id)
        .join(Patient, col(Patient.id) == CareTeamMembership.patient_id)
        .where(CareTeamMembership.clinician_id == clinician_id, Patient.clinic_id == clinic_id)
    )


def patients_in_care(actor: Actor) -> SelectOfScalar[uuid.UUID]:
    """`patients_in_care_of` the acting clinician; lists of patients are for clinicians only."""
    require_clinician(actor)
    return patients_in_care_of(actor.user_id, actor.clinic_id)


def patients_of_clinic(actor: Actor) -> SelectOfScalar[uuid.UUID]:
    """Every patient id of the admin's own clinic, as a subquery: for running the clinic (care
    teams, guardians), never for reading anyone's health data (`can` refuses admins that)."""
    if actor.role is not Role.CLINIC_ADMIN:
        raise NotFound
    return select(Patient.id).where(Patient.clinic_id == actor.clinic_id)


def patients_helped_by(caregiver_id: uuid.UUID) -> SelectOfScalar[uuid.UUID]:
    """The ids of the patients a caregiver has a grant in force for, as a subquery (whether the
    grant allows anything today is still for `granted_today` to say)."""
    return select(ProxyGrant.patient_id).where(
        ProxyGrant.caregiver_id == caregiver_id, ProxyGrant.status == GrantStatus.ACTIVE
    )


def active_grant_ids(caregiver_id: uuid.UUID) -> SelectOfScalar[uuid.UUID]:
    """The ids of a caregiver's grants in force, as a subquery."""
    return select(ProxyGrant.id).where(
        ProxyGrant.caregiver_id == caregiver_id, ProxyGrant.status == GrantStatus.ACTIVE
    )


def on_care_team(db: Session, clinician_id: uuid.UUID, patient_id: uuid.UUID) -> bool:
    found = db.exec(
        select(CareTeamMembership.id).where(
            CareTeamMembership.patient_id == patient_id,
            CareTeamMembership.clinician_id == clinician_id,
        )
    ).first()
    return found is not None


def care_team_of(db: Session, patient_id: uuid.UUID) -> list[User]:
    """The active clinicians on a patient's care team, by name (whom to tell, whom to offer)."""
    return list(
        db.exec(
            select(User)
            .join(CareTeamMembership, col(CareTeamMembership.clinician_id) == User.id)
            .where(
                CareTeamMembership.patient_id == patient_id,
                User.role == Role.CLINICIAN,
                col(User.is_active).is_(True),
            )
            .order_by(col(User.display_name))
        ).all()
    )


def active_grants(
    db: Session, caregiver_id: uuid.UUID, patient_id: uuid.UUID | None = None
) -> list[ProxyGrant]:
    """A caregiver's grants in force (for one patient, or for everyone they help)."""
    query = select(ProxyGrant).where(
        ProxyGrant.caregiver_id == caregiver_id, ProxyGrant.status == GrantStatus.ACTIVE
    )
    if patient_id is not None:
        query = query.where(ProxyGrant.patient_id == patient_id)
    return list(db.exec(query).all())


def clinic_rules(db: Session, clinic_id: uuid.UUID) -> AgeRules:
    """The clinic's age rules for guardians (the defaults if the clinic set none)."""
    clinic = db.get(Clinic, clinic_id)
    return AgeRules(clinic.teen_from_age, clinic.adult_age) if clinic else AgeRules()


def own_patient_id(db: Session, actor: Actor) -> uuid.UUID | None:
    """A patient's own record (None for everyone else, caregivers included)."""
    if actor.role is not Role.PATIENT:
        return None
    return db.exec(select(Patient.id).where(Patient.user_id == actor.user_id)).first()


def patient_in_view(db: Session, actor: Actor, patient_id: uuid.UUID | None) -> uuid.UUID:
    """Whose record a page is about: a patient's own, the one a caregiver is helping, or the
    one a clinician chose. (Whether the actor may see it is still for the gate to say.)"""
    if actor.role is Role.PATIENT:
        patient_id = own_patient_id(db, actor)
    elif actor.role is Role.CAREGIVER:
        patient_id = actor.helping
    if patient_id is None or actor.role is Role.CLINIC_ADMIN:
        raise NotFound
    return patient_id


def can(
    db: Session,
    actor: Actor,
    action: Action,
    patient_id: uuid.UUID,
    category: Category,
    *,
    need: str | None = None,
    today: date | None = None,
) -> bool:
    """Patients: their own record. Clinicians: patients on their care team in their clinic.
    Clinic admins run the clinic but do not read health data. Caregivers: what their grants
    allow today (a change also names the permission it `need`s, e.g. "appointments.book")."""
    patient = db.get(Patient, patient_id)
    if patient is None or patient.clinic_id != actor.clinic_id:
        return False
    if actor.role is Role.PATIENT:
        return patient.user_id == actor.user_id
    if actor.role is Role.CAREGIVER:
        granted = granted_today(db, actor.user_id, patient, today or datetime.now(UTC).date())
        return allows(granted, needed(category.value, action is Action.READ, need))
    if actor.role is Role.CLINICIAN:
        return on_care_team(db, actor.user_id, patient_id)
    return False


def load_patient_for(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    category: Category,
    *,
    now: datetime,
    action: Action = Action.READ,
    need: str | None = None,
) -> Patient:
    """The patient's record if the actor may act on it (and the access is audited, as is a
    refusal: someone asking for a patient who is not theirs, e.g. of another clinic)."""
    if not can(db, actor, action, patient_id, category, need=need, today=now.date()):
        refused = functools.partial(audit_refusal, actor=actor, category=category, now=now)
        refused(db)
        error = NotFound()
        error.audit_after_rollback = refused
        raise error
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFound
    audit_patient_event(
        db, actor, patient, f"{category.value}.{action.value}", category.value, now=now
    )
    return patient


def audit_refusal(db: Session, *, actor: Actor, category: Category, now: datetime) -> None:
    """Someone asked for a patient who is not theirs (or not there): who, when, what kind.
    The patient asked for is not named: it may be another clinic's, or nobody's."""
    audit.record(
        db,
        "access.refused",
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
        category=category.value,
        client_address=actor.client_address,
    )


def audit_list_look(
    db: Session, actor: Actor, action: str, category: str, *, now: datetime
) -> None:
    """One audited look at a list of the actor's own patients (each one opened is audited too)."""
    audit.record(
        db,
        action,
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
        category=category,
        client_address=actor.client_address,
    )


def granted_today(
    db: Session, caregiver_id: uuid.UUID, patient: Patient, today: date
) -> frozenset[str]:
    """Everything this caregiver's grants for this patient allow today (read fresh on every
    check, so a change or a revocation bites at the very next event)."""
    grants = active_grants(db, caregiver_id, patient.id)
    if not grants:
        return frozenset()
    rules = clinic_rules(db, patient.clinic_id)
    allowed: frozenset[str] = frozenset()
    for grant in grants:
        facts = GrantFacts(
            grant.kind,
            grant.status,
            frozenset(grant.permissions),
            grant.ends_on,
            grant.teen_agreed_at is not None,
            patient.date_of_birth,
        )
        allowed |= effective(facts, today, rules)
    return allowed


def caregiver_sees_confidential(
    db: Session, caregiver_id: uuid.UUID, patient: Patient, today: date
) -> bool:
    """Items the clinician marked confidential for a teen: a guardian sees them only if the
    teen agreed (or once the child is not a teen); a caregiver the patient chose sees them."""
    rules = clinic_rules(db, patient.clinic_id)
    grants = active_grants(db, caregiver_id, patient.id)
    teen = stage(patient.date_of_birth, today, rules) == "teen"
    return any(
        g.kind == GrantKind.PATIENT or not teen or g.teen_agreed_at is not None for g in grants
    )


def audit_patient_event(
    db: Session, actor: Actor, patient: Patient, action: str, category: str, *, now: datetime
) -> None:
    """One audited event about a patient: a read or change through the gate, or a change
    to who may see the record (grants, consents)."""
    audit.record(
        db,
        action,
        now=now,
        actor_id=actor.user_id,
        patient_id=patient.id,
        clinic_id=patient.clinic_id,
        category=category,
        client_address=actor.client_address,
    )
