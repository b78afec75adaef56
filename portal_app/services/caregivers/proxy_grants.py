"""Caregiver access, controlled by the patient: invite by email (the caregiver gets their own
account, never the patient's password), choose what they may see and do, change or revoke it
at once. Clinic staff link a parent or guardian to a child; the clinic's age rules then apply.

A grant only counts once the caregiver accepts it with their own sign-in. The gate
(access.can) reads grants fresh on every check, so a change or revocation stops the
caregiver's very next event.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from sqlmodel import Session, col, select, update

from portal_app.content.catalog import text
from portal_app.models import AuthSession, GrantKind, GrantStatus, Patient, ProxyGrant, Role, User
from portal_app.services.access import (
    Actor,
    NotFound,
    audit_patient_event,
    clinic_rules,
    granted_today,
    on_care_team,
    own_patient_id,
)
from portal_app.services.caregivers.helping import in_order
from portal_app.services.caregivers.proxy_policy import (
    ALL,
    TEEN_CONFIDENTIAL,
    clean,
    stage,
)
from portal_app.services.clinic.tenancy import origin_of_clinic
from portal_app.services.common.mail import build_message
from portal_app.services.identity.invitations import EMAIL_SHAPE, has_come_in
from portal_app.services.identity.sign_in import INVITATION, issue_token, normalize_email
from portal_app.services.problems import CaregiverProblem

LIVE = (GrantStatus.INVITED, GrantStatus.ACTIVE)


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str
    relationship: str = ""


@dataclass(frozen=True)
class GrantView:
    id: uuid.UUID
    caregiver: str
    email: str
    relationship: str
    kind: str
    status: str
    permissions: list[str]
    ends_on: date | None
    allowed_today: list[str]  # after the age rules and the end date
    teen_agreed: bool


Deliver = Callable[[EmailMessage], None]


def _check_invitee(db: Session, clinic_id: uuid.UUID, who: Invitee) -> User | str:
    """The caregiver account for this email (new or existing), or a catalog key."""
    email = normalize_email(who.email)
    if not EMAIL_SHAPE.match(email):
        return CaregiverProblem.EMAIL
    if not 1 <= len(who.name.strip()) <= 120 or len(who.relationship) > 60:
        return CaregiverProblem.NAME
    user = db.exec(select(User).where(User.email == email, User.clinic_id == clinic_id)).first()
    if user is None:
        user = User(
            email=email, display_name=who.name.strip(), role=Role.CAREGIVER, clinic_id=clinic_id
        )
        db.add(user)
        db.flush()
    if user.role is not Role.CAREGIVER or user.clinic_id != clinic_id:
        return CaregiverProblem.EMAIL_TAKEN
    return user


def _tell(db: Session, user: User, *, now: datetime, public_origin: str, deliver: Deliver) -> None:
    """A neutral email: it names neither the patient nor any care; its link is the clinic's."""
    public_origin = origin_of_clinic(db, user.clinic_id, public_origin)
    language = user.language.value
    first = user.display_name.split()[0]
    if has_come_in(db, user):
        body = text("email.caregiver.body", language).format(
            name=first, link=f"{public_origin}/caregivers"
        )
        deliver(build_message(user.email, text("email.caregiver.subject", language), body))
        return
    token = issue_token(db, user.id, INVITATION, now=now)
    body = text("email.invite.body", language).format(
        name=first, link=f"{public_origin}/welcome#i={token}"
    )
    deliver(build_message(user.email, text("email.invite.subject", language), body))


def _new_grant(
    db: Session,
    actor: Actor,
    patient: Patient,
    caregiver: User,
    *,
    kind: str,
    relationship: str,
    permissions: list[str],
    ends_on: date | None,
    now: datetime,
) -> str:
    already = db.exec(
        select(ProxyGrant.id).where(
            ProxyGrant.patient_id == patient.id,
            ProxyGrant.caregiver_id == caregiver.id,
            ProxyGrant.kind == kind,
            col(ProxyGrant.status).in_(LIVE),
        )
    ).first()
    if already is not None:
        return CaregiverProblem.ALREADY
    grant = ProxyGrant(
        patient_id=patient.id,
        caregiver_id=caregiver.id,
        kind=kind,
        relationship=" ".join(relationship.split()),
        permissions=permissions,
        ends_on=ends_on,
        created_by=actor.user_id,
        created_at=now,
    )
    db.add(grant)
    db.flush()
    audit_patient_event(db, actor, patient, f"proxy.{kind}_invited", "proxy", now=now)
    return ""


def _own_patient(db: Session, actor: Actor) -> Patient:
    patient_id = own_patient_id(db, actor)
    patient = db.get(Patient, patient_id) if patient_id else None
    if patient is None:
        raise NotFound
    return patient


def invite_caregiver(
    db: Session,
    actor: Actor,
    who: Invitee,
    permissions: list[str],
    ends_on: date | None,
    *,
    now: datetime,
    public_origin: str,
    deliver: Deliver,
) -> str:
    """The patient invites someone; "" when sent, else a catalog key saying what to fix."""
    patient = _own_patient(db, actor)
    chosen = clean(permissions)
    if not chosen:
        return CaregiverProblem.NOTHING_CHOSEN
    if ends_on is not None and ends_on < now.date():
        return CaregiverProblem.END_DATE
    caregiver = _check_invitee(db, patient.clinic_id, who)
    if isinstance(caregiver, str):
        return caregiver
    problem = _new_grant(
        db,
        actor,
        patient,
        caregiver,
        kind=GrantKind.PATIENT,
        relationship=who.relationship,
        permissions=chosen,
        ends_on=ends_on,
        now=now,
    )
    if not problem:
        _tell(db, caregiver, now=now, public_origin=public_origin, deliver=deliver)
    return problem


def link_guardian(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    who: Invitee,
    *,
    now: datetime,
    public_origin: str,
    deliver: Deliver,
) -> str:
    """Clinic staff link a parent or guardian to a child (full access; the age rules decide
    how much of it counts). Clinicians only for their own patients."""
    patient = db.get(Patient, patient_id)
    if patient is None or patient.clinic_id != actor.clinic_id:
        raise NotFound
    if actor.role is Role.CLINICIAN:
        if not on_care_team(db, actor.user_id, patient_id):
            raise NotFound
    elif actor.role is not Role.CLINIC_ADMIN:
        raise NotFound
    rules = clinic_rules(db, patient.clinic_id)
    if stage(patient.date_of_birth, now.date(), rules) == "adult":
        return CaregiverProblem.ADULT  # an adult invites their own caregivers
    caregiver = _check_invitee(db, patient.clinic_id, who)
    if isinstance(caregiver, str):
        return caregiver
    problem = _new_grant(
        db,
        actor,
        patient,
        caregiver,
        kind=GrantKind.GUARDIAN,
        relationship=who.relationship,
        permissions=list(ALL),
        ends_on=None,
        now=now,
    )
    if not problem:
        _tell(db, caregiver, now=now, public_origin=public_origin, deliver=deliver)
    return problem


def _grant_for_caregiver(db: Session, actor: Actor, grant_id: uuid.UUID) -> ProxyGrant:
    grant = db.get(ProxyGrant, grant_id)
    if actor.role is not Role.CAREGIVER or grant is None or grant.caregiver_id != actor.user_id:
        raise NotFound
    return grant


def answer_invitation(
    db: Session, actor: Actor, grant_id: uuid.UUID, accept: bool, *, now: datetime
) -> None:
    """The caregiver, signed in as themselves, accepts or declines."""
    grant = _grant_for_caregiver(db, actor, grant_id)
    if grant.status != GrantStatus.INVITED:
        raise NotFound
    grant.status = GrantStatus.ACTIVE if accept else GrantStatus.DECLINED
    grant.accepted_at = now if accept else None
    db.add(grant)
    patient = db.get(Patient, grant.patient_id)
    if patient is not None:
        audit_patient_event(
            db, actor, patient, "proxy.accepted" if accept else "proxy.declined", "proxy", now=now
        )
    db.flush()


def _grant_for_patient(db: Session, actor: Actor, grant_id: uuid.UUID) -> ProxyGrant:
    grant = db.get(ProxyGrant, grant_id)
    if grant is None or grant.patient_id != own_patient_id(db, actor):
        raise NotFound
    return grant


def change_grant(
    db: Session,
    actor: Actor,
    grant_id: uuid.UUID,
    permissions: list[str],
    ends_on: date | None,
    *,
    now: datetime,
) -> str:
    """The patient changes what a caregiver may see and do (takes effect at once)."""
    grant = _grant_for_patient(db, actor, grant_id)
    if grant.status not in LIVE or grant.kind != GrantKind.PATIENT:
        raise NotFound
    chosen = clean(permissions)
    if not chosen:
        return CaregiverProblem.NOTHING_CHOSEN
    if ends_on is not None and ends_on < now.date():
        return CaregiverProblem.END_DATE
    grant.permissions, grant.ends_on, grant.changed_at = chosen, ends_on, now
    db.add(grant)
    audit_patient_event(db, actor, _own_patient(db, actor), "proxy.changed", "proxy", now=now)
    db.flush()
    return ""


def stop_grant(db: Session, grant: ProxyGrant, *, now: datetime, by: uuid.UUID) -> None:
    """The grant ends now, and no session of the caregiver goes on helping this patient."""
    grant.status, grant.revoked_at, grant.revoked_by = GrantStatus.REVOKED, now, by
    db.add(grant)
    db.exec(
        update(AuthSession)
        .where(
            col(AuthSession.user_id) == grant.caregiver_id,
            col(AuthSession.helping_patient_id) == grant.patient_id,
        )
        .values(helping_patient_id=None)
    )


def revoke(db: Session, actor: Actor, grant_id: uuid.UUID, *, now: datetime) -> None:
    """Stop a caregiver's access at once; their open pages lose it at the next event."""
    grant = _grant_for_patient(db, actor, grant_id)
    if grant.status not in LIVE or grant.kind != GrantKind.PATIENT:  # guardian links: the clinic's
        raise NotFound
    stop_grant(db, grant, now=now, by=actor.user_id)
    audit_patient_event(db, actor, _own_patient(db, actor), "proxy.revoked", "proxy", now=now)
    db.flush()


def teen_agrees(
    db: Session, actor: Actor, grant_id: uuid.UUID, agreed: bool, *, now: datetime
) -> None:
    """A teen lets a guardian see their confidential areas, or takes that back."""
    grant = _grant_for_patient(db, actor, grant_id)
    if grant.kind != GrantKind.GUARDIAN or grant.status not in LIVE:
        raise NotFound
    grant.teen_agreed_at = now if agreed else None
    db.add(grant)
    audit_patient_event(db, actor, _own_patient(db, actor), "proxy.teen_agreed", "proxy", now=now)
    db.flush()


def own_stage(db: Session, actor: Actor, *, now: datetime) -> str:
    """ "child", "teen" or "adult": the patient's own stage under their clinic's age rules."""
    patient = _own_patient(db, actor)
    return stage(patient.date_of_birth, now.date(), clinic_rules(db, patient.clinic_id))


def grants_of(db: Session, actor: Actor, *, now: datetime) -> list[GrantView]:
    """Every caregiver of the patient, with what they may see and do today."""
    patient = _own_patient(db, actor)
    rows = db.exec(
        select(ProxyGrant, User)
        .join(User, col(User.id) == ProxyGrant.caregiver_id)
        .where(ProxyGrant.patient_id == patient.id, col(ProxyGrant.status).in_(LIVE))
        .order_by(col(User.display_name))
    ).all()
    today = now.date()
    return [
        GrantView(
            grant.id,
            user.display_name,
            user.email,
            grant.relationship,
            grant.kind,
            grant.status,
            list(grant.permissions),
            grant.ends_on,
            in_order(granted_today(db, user.id, patient, today)),
            grant.teen_agreed_at is not None,
        )
        for grant, user in rows
    ]


def invitations_for(db: Session, actor: Actor) -> list[tuple[uuid.UUID, str, str]]:
    """Invitations waiting for this caregiver's answer: (grant id, patient's name, kind)."""
    if actor.role is not Role.CAREGIVER:
        return []
    rows = db.exec(
        select(ProxyGrant.id, User.display_name, ProxyGrant.kind)
        .join(Patient, col(Patient.id) == ProxyGrant.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .where(ProxyGrant.caregiver_id == actor.user_id, ProxyGrant.status == GrantStatus.INVITED)
    ).all()
    return [(gid, name, kind) for gid, name, kind in rows]


def hidden_from_guardian(grant: GrantView) -> list[str]:
    """What a teen's guardian does not see (for the teen's own page)."""
    return [] if grant.teen_agreed else [c for c in TEEN_CONFIDENTIAL if c in grant.permissions]
