"""Invitations: clinic admins add staff and patients; each person then chooses how to sign in.

An invitation is a single-use link, valid 7 days. Sending another one never cancels an older
one: each works until used or expired. The email names neither the clinic nor any care.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from sqlmodel import Session, col, func, select

from portal_app.content.catalog import text
from portal_app.models import (
    AuthSession,
    CareTeamMembership,
    Clinic,
    Language,
    Passkey,
    Patient,
    Role,
    SignInToken,
    User,
)
from portal_app.services.access import Actor, NotFound, require_clinic_admin
from portal_app.services.clinic.tenancy import clinic_origin
from portal_app.services.common import audit
from portal_app.services.common.mail import build_message
from portal_app.services.identity.passwords import hash_password, password_problems
from portal_app.services.identity.sign_in import (
    INVITATION,
    issue_token,
    normalize_email,
    redeem_token,
)
from portal_app.services.identity.tokens import hash_token
from portal_app.services.problems import InviteProblem

EMAIL_SHAPE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
INVITABLE = (Role.PATIENT, Role.CLINICIAN, Role.CLINIC_ADMIN)
STAFF = (Role.CLINICIAN, Role.CLINIC_ADMIN)


class InvitationProblem(Exception):
    """What is wrong, as a catalog key the admin or the invited person can read."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class NewPerson:
    email: str
    display_name: str
    role: Role
    date_of_birth: date | None = None  # patients
    primary_clinician_id: uuid.UUID | None = None  # patients


@dataclass(frozen=True)
class PendingInvitation:
    user_id: uuid.UUID
    display_name: str
    email: str
    role: Role
    last_sent_at: datetime


def clinicians_of(db: Session, actor: Actor) -> list[User]:
    require_clinic_admin(actor)
    return list(
        db.exec(
            select(User)
            .where(
                User.clinic_id == actor.clinic_id,
                User.role == Role.CLINICIAN,
                col(User.is_active).is_(True),
            )
            .order_by(col(User.display_name))
        ).all()
    )


def has_come_in(db: Session, user: User) -> bool:
    """Signed in at least once, or has a way to (then an invitation is not needed)."""
    if user.password_hash is not None:
        return True
    sessions = db.exec(select(func.count()).where(AuthSession.user_id == user.id)).one()
    keys = db.exec(select(func.count()).where(Passkey.user_id == user.id)).one()
    return sessions + keys > 0


def _check(db: Session, actor: Actor, person: NewPerson, today: date) -> None:
    if not EMAIL_SHAPE.match(person.email):
        raise InvitationProblem(InviteProblem.EMAIL_INVALID)
    if not 1 <= len(person.display_name.strip()) <= 120:
        raise InvitationProblem(InviteProblem.NAME_MISSING)
    if person.role not in INVITABLE:
        raise InvitationProblem(InviteProblem.ROLE_MISSING)
    if person.role is Role.PATIENT:
        born = person.date_of_birth
        if born is None or born > today or born.year < today.year - 120:
            raise InvitationProblem(InviteProblem.BIRTH_DATE)
        clinician = (
            db.get(User, person.primary_clinician_id) if person.primary_clinician_id else None
        )
        if (
            clinician is None
            or clinician.clinic_id != actor.clinic_id
            or clinician.role is not Role.CLINICIAN
        ):
            raise InvitationProblem(InviteProblem.CLINICIAN_MISSING)


def _create(db: Session, actor: Actor, person: NewPerson, now: datetime) -> User:
    clinic = db.get(Clinic, actor.clinic_id)
    user = User(
        email=normalize_email(person.email),
        display_name=person.display_name.strip(),
        role=person.role,
        clinic_id=actor.clinic_id,
        # The clinic's first language until the person chooses (their emails use it too).
        language=Language(clinic.default_language) if clinic else Language.ENGLISH,
        created_at=now,
    )
    db.add(user)
    db.flush()
    if person.role is Role.PATIENT and person.date_of_birth and person.primary_clinician_id:
        patient = Patient(
            user_id=user.id,
            clinic_id=actor.clinic_id,
            preferred_name=user.display_name.split()[0],
            date_of_birth=person.date_of_birth,
            timezone=clinic.timezone if clinic else "America/New_York",
        )
        db.add(patient)
        db.flush()
        db.add(
            CareTeamMembership(
                patient_id=patient.id, clinician_id=person.primary_clinician_id, is_primary=True
            )
        )
        db.flush()
    return user


def _existing(db: Session, actor: Actor, person: NewPerson) -> User | None:
    return db.exec(
        select(User).where(
            User.email == normalize_email(person.email), User.clinic_id == actor.clinic_id
        )
    ).first()


def invitation_problem(db: Session, actor: Actor, person: NewPerson, today: date) -> str:
    """ "" when this person can be invited, else the catalog key of what is wrong (the same
    rules for one invitation on screen and for every row of a file)."""
    require_clinic_admin(actor)
    try:
        _check(db, actor, person, today)
    except InvitationProblem as problem:
        return problem.key
    user = _existing(db, actor, person)
    return InviteProblem.EXISTS if user is not None and has_come_in(db, user) else ""


def invite(
    db: Session,
    actor: Actor,
    person: NewPerson,
    *,
    now: datetime,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> User:
    """Add the person (or find them, if invited before and not yet in) and email a new link."""
    problem = invitation_problem(db, actor, person, now.date())
    if problem:
        raise InvitationProblem(problem)
    user = _existing(db, actor, person)
    if user is None:
        user = _create(db, actor, person, now)
    elif not user.is_active:  # invited before, then cancelled: invited again now
        user.is_active = True
        db.add(user)
    _send(db, actor, user, now=now, public_origin=public_origin, deliver=deliver)
    return user


def send_again(
    db: Session,
    actor: Actor,
    user_id: uuid.UUID,
    *,
    now: datetime,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> None:
    """A fresh link for someone of this clinic who has not come in yet (older links stay valid)."""
    require_clinic_admin(actor)
    user = db.get(User, user_id)
    if user is None or user.clinic_id != actor.clinic_id or has_come_in(db, user):
        raise NotFound
    _send(db, actor, user, now=now, public_origin=public_origin, deliver=deliver)


def _send(
    db: Session,
    actor: Actor,
    user: User,
    *,
    now: datetime,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> None:
    token = issue_token(db, user.id, INVITATION, now=now)
    patient_id = db.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    audit.record(
        db,
        "invitation.sent",
        now=now,
        actor_id=actor.user_id,
        patient_id=patient_id,
        clinic_id=actor.clinic_id,
        client_address=actor.client_address,
    )
    email_invitation(db, user, token, public_origin=public_origin, deliver=deliver)


def email_invitation(
    db: Session,
    user: User,
    token: str,
    *,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> None:
    """The invitation email, its link at the person's clinic's own hostname."""
    language = user.language.value
    clinic = db.get(Clinic, user.clinic_id)
    clinic_name = clinic.name if clinic else "Steady"
    # The whole name as the clinic wrote it: a first word may be a title (found: "Hello Dr.,").
    # Staff are told which clinic invites them; a patient's inbox never names the clinic (its
    # name can say "behavioral health" to whoever sees the screen).
    staff = user.role in STAFF
    origin = clinic_origin(public_origin, clinic.hostname if clinic else None)
    body = text("email.invite.staff_body" if staff else "email.invite.body", language).format(
        name=user.display_name,
        clinic=clinic_name,
        link=f"{origin}/welcome#i={token}",
    )
    subject = text("email.invite.staff_subject" if staff else "email.invite.subject", language)
    subject = subject.format(clinic=clinic_name)
    deliver(build_message(user.email, subject, body))


def pending_invitations(db: Session, actor: Actor) -> list[PendingInvitation]:
    """People of the admin's clinic who were invited and have not come in yet."""
    require_clinic_admin(actor)
    rows = db.exec(
        select(User, func.max(SignInToken.created_at))
        .join(SignInToken, col(SignInToken.user_id) == User.id)
        .where(
            User.clinic_id == actor.clinic_id,
            SignInToken.purpose == INVITATION,
            col(User.is_active).is_(True),  # a cancelled invitation is no longer pending
        )
        .group_by(col(User.id))
        .order_by(func.max(SignInToken.created_at).desc())
    ).all()
    return [
        PendingInvitation(user.id, user.display_name, user.email, user.role, sent)
        for user, sent in rows
        if not has_come_in(db, user)
    ]


def invited_person(db: Session, token: str, *, now: datetime) -> User | None:
    """Who a still-valid invitation is for, without using it up."""
    if not token or len(token) > 100:
        return None
    row = db.exec(
        select(User)
        .join(SignInToken, col(SignInToken.user_id) == User.id)
        .where(
            SignInToken.token_hash == hash_token(token),
            SignInToken.purpose == INVITATION,
            col(SignInToken.used_at).is_(None),
            col(SignInToken.expires_at) > now,
            col(User.is_active).is_(True),
        )
    ).first()
    return row


def accept(
    db: Session, token: str, password: str | None, *, clinic_id: uuid.UUID | None, now: datetime
) -> User:
    """Use the invitation: with a password (staff must choose one), or for email links only.
    Only at the inviting clinic's own hostname (elsewhere it looks expired)."""
    user = invited_person(db, token, now=now)
    if user is None or user.clinic_id != clinic_id:
        raise InvitationProblem(InviteProblem.EXPIRED)
    if password is None and user.role in STAFF:
        raise InvitationProblem(InviteProblem.STAFF_PASSWORD)
    if password is not None:
        problems = password_problems(password, email=user.email)
        if problems:
            raise InvitationProblem(problems[0])
    if redeem_token(db, token, INVITATION, now=now) != user.id:
        raise InvitationProblem(InviteProblem.EXPIRED)
    if password is not None:
        user.password_hash = hash_password(password)
        db.add(user)
    audit.record(db, "invitation.accepted", now=now, actor_id=user.id, clinic_id=user.clinic_id)
    db.flush()
    return user
