"""The clinic admin's staff list: who works here, in which role, and turning an account off
(a person who left) or on again. Turning off ends every session at once: each event, on every
worker, re-checks the session and the account in the database. Every change is audited.

An invitation not yet used can be cancelled: its links stop working and the person is gone
from the pending list (their account stays, turned off, so the audit trail keeps its name).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select, update

from portal_app.models import Clinic, Role, SignInToken, User
from portal_app.services.access import Actor, NotFound, require_clinic_admin
from portal_app.services.common import audit
from portal_app.services.identity.invitations import has_come_in
from portal_app.services.identity.sessions import end_all_sessions
from portal_app.services.problems import StaffProblem

STAFF_ROLES = (Role.CLINICIAN, Role.CLINIC_ADMIN)


@dataclass(frozen=True)
class StaffMember:
    user_id: uuid.UUID
    name: str
    email: str
    role: Role
    active: bool
    joined: bool  # has signed in (or set a password); else still invited
    by_sso: bool = False  # signs in through the clinic's identity provider


def staff_of(db: Session, actor: Actor) -> list[StaffMember]:
    """The clinic's clinicians and admins, by name (a row stays where it is when its account
    is turned off or on: the change shows where the admin tapped)."""
    require_clinic_admin(actor)
    people = db.exec(
        select(User)
        .where(User.clinic_id == actor.clinic_id, col(User.role).in_(STAFF_ROLES))
        .order_by(col(User.display_name))
    ).all()
    return [
        StaffMember(
            u.id,
            u.display_name,
            u.email,
            u.role,
            u.is_active,
            has_come_in(db, u) or u.sso_subject is not None,
            by_sso=u.sso_subject is not None,
        )
        for u in people
    ]


def _staff_member(db: Session, actor: Actor, user_id: uuid.UUID) -> User:
    require_clinic_admin(actor)
    user = db.get(User, user_id)
    if user is None or user.clinic_id != actor.clinic_id or user.role not in STAFF_ROLES:
        raise NotFound
    return user


def set_active(
    db: Session, actor: Actor, user_id: uuid.UUID, active: bool, *, now: datetime
) -> str:
    """ "" when done, else the catalog key of why not. Nobody turns off their own account
    (the clinic would be left without its admin), nor the clinician on call for risk alerts
    (an alert would reach nobody): another is named first."""
    user = _staff_member(db, actor, user_id)
    if not active and user.id == actor.user_id:
        return StaffProblem.SELF
    clinic = db.get(Clinic, actor.clinic_id)
    if not active and clinic is not None and clinic.on_call_clinician_id == user.id:
        return StaffProblem.ON_CALL
    if user.is_active == active:
        return ""
    user.is_active = active
    db.add(user)
    if not active:
        end_all_sessions(db, user.id, now=now)
    audit.record(
        db,
        "staff.reactivated" if active else "staff.deactivated",
        now=now,
        actor_id=actor.user_id,
        on_behalf_of_id=user.id,
        clinic_id=actor.clinic_id,
        client_address=actor.client_address,
    )
    return ""


def cancel_invitation(db: Session, actor: Actor, user_id: uuid.UUID, *, now: datetime) -> None:
    """Stop an unused invitation: its links no longer work, and the account is turned off."""
    require_clinic_admin(actor)
    user = db.get(User, user_id)
    if user is None or user.clinic_id != actor.clinic_id or has_come_in(db, user):
        raise NotFound
    db.exec(
        update(SignInToken)
        .where(col(SignInToken.user_id) == user.id, col(SignInToken.used_at).is_(None))
        .values(used_at=now)
    )
    user.is_active = False
    db.add(user)
    audit.record(
        db,
        "invitation.cancelled",
        now=now,
        actor_id=actor.user_id,
        on_behalf_of_id=user.id,
        clinic_id=actor.clinic_id,
        client_address=actor.client_address,
    )
