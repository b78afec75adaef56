"""The clinic admin's care-team screen: who is on each patient's care team, adding a
clinician and taking one off. A patient is never left without an active clinician on their
team: their risk alerts would reach nobody. Every change is audited.

This module runs a care team's membership; which patients a clinician may see is still asked
through the gate (services/access.py) only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.models import CareTeamMembership, Patient, Role, User
from portal_app.services.access import Actor, NotFound, care_team_of, patients_of_clinic
from portal_app.services.common import audit
from portal_app.services.problems import CareTeamProblem


@dataclass(frozen=True)
class TeamMember:
    clinician_id: uuid.UUID
    name: str
    primary: bool


@dataclass(frozen=True)
class PatientTeam:
    patient_id: uuid.UUID
    patient_name: str
    members: tuple[TeamMember, ...]


def clinic_care_teams(db: Session, actor: Actor) -> list[PatientTeam]:
    """Every patient of the clinic (by name) with their care team's active clinicians."""
    patients = db.exec(
        select(Patient.id, User.display_name)
        .join(User, col(User.id) == Patient.user_id)
        .where(col(Patient.id).in_(patients_of_clinic(actor)), col(User.is_active).is_(True))
        .order_by(col(User.display_name))
    ).all()
    rows = db.exec(
        select(
            CareTeamMembership.patient_id, User.id, User.display_name, CareTeamMembership.is_primary
        )
        .join(User, col(User.id) == CareTeamMembership.clinician_id)
        .where(
            col(CareTeamMembership.patient_id).in_(patients_of_clinic(actor)),
            col(User.is_active).is_(True),
        )
        .order_by(col(CareTeamMembership.is_primary).desc(), col(User.display_name))
    ).all()
    teams: dict[uuid.UUID, list[TeamMember]] = {}
    for patient_id, clinician_id, name, primary in rows:
        teams.setdefault(patient_id, []).append(TeamMember(clinician_id, name, primary))
    return [PatientTeam(pid, name, tuple(teams.get(pid, []))) for pid, name in patients]


def _patient_and_clinician(
    db: Session, actor: Actor, patient_id: uuid.UUID, clinician_id: uuid.UUID
) -> tuple[Patient, User]:
    patient = db.get(Patient, patient_id)
    clinician = db.get(User, clinician_id)
    if (
        patient is None
        or patient.id not in set(db.exec(patients_of_clinic(actor)).all())
        or clinician is None
        or clinician.clinic_id != actor.clinic_id
        or clinician.role not in (Role.CLINICIAN,)  # only clinicians are on care teams
    ):
        raise NotFound
    return patient, clinician


def _record(db: Session, actor: Actor, action: str, patient: Patient, now: datetime) -> None:
    audit.record(
        db,
        action,
        now=now,
        actor_id=actor.user_id,
        patient_id=patient.id,
        clinic_id=actor.clinic_id,
        category="care_team",
        client_address=actor.client_address,
    )


def add_to_team(
    db: Session, actor: Actor, patient_id: uuid.UUID, clinician_id: uuid.UUID, *, now: datetime
) -> str:
    """ "" when added (or already there), else the catalog key of why not."""
    patient, clinician = _patient_and_clinician(db, actor, patient_id, clinician_id)
    if not clinician.is_active:
        return CareTeamProblem.INACTIVE
    here = db.exec(
        select(CareTeamMembership).where(
            CareTeamMembership.patient_id == patient.id,
            CareTeamMembership.clinician_id == clinician.id,
        )
    ).first()
    if here is None:
        first = not care_team_of(db, patient.id)
        db.add(
            CareTeamMembership(patient_id=patient.id, clinician_id=clinician.id, is_primary=first)
        )
        _record(db, actor, "care_team.added", patient, now)
    return ""


def remove_from_team(
    db: Session, actor: Actor, patient_id: uuid.UUID, clinician_id: uuid.UUID, *, now: datetime
) -> str:
    """ "" when removed, else the catalog key of why not (the last active clinician stays)."""
    patient, clinician = _patient_and_clinician(db, actor, patient_id, clinician_id)
    here = db.exec(
        select(CareTeamMembership).where(
            CareTeamMembership.patient_id == patient.id,
            CareTeamMembership.clinician_id == clinician.id,
        )
    ).first()
    if here is None:
        return ""
    others = [c for c in care_team_of(db, patient.id) if c.id != clinician.id]
    if not others:
        return CareTeamProblem.LAST
    db.delete(here)
    if here.is_primary:  # someone else becomes the main care team member
        successor = db.exec(
            select(CareTeamMembership).where(
                CareTeamMembership.patient_id == patient.id,
                CareTeamMembership.clinician_id == others[0].id,
            )
        ).one()
        successor.is_primary = True
        db.add(successor)
    _record(db, actor, "care_team.removed", patient, now)
    db.flush()
    return ""
