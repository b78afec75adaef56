"""The operator's list of clinics on this install: add one at its own hostname, list them.
(A clinic's admin changes everything else about it on screen.)"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlmodel import Session, col, func, select

from portal_app.models import Clinic, Role, User
from portal_app.services.clinic.tenancy import DIRECTORY, valid_hostname
from portal_app.services.common import audit
from portal_app.services.identity.invitations import EMAIL_SHAPE, email_invitation, has_come_in
from portal_app.services.identity.sign_in import INVITATION, issue_token, normalize_email
from portal_app.services.problems import InviteProblem


@dataclass(frozen=True)
class ClinicRow:
    slug: str
    name: str
    hostname: str  # "" for the default clinic served at any other hostname
    people: int


def slug_for(name: str) -> str:
    """A short, stable, ASCII name ("Clínica Río" -> "clinica-rio")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48] or "clinic"


def create_clinic(db: Session, name: str, hostname: str, *, now: datetime) -> Clinic | str:
    """The new clinic, or what is wrong (in words for the operator)."""
    name, hostname = name.strip(), hostname.strip().lower().rstrip(".")
    if not 1 <= len(name) <= 120:
        return "the name must be 1 to 120 characters"
    if not valid_hostname(hostname):
        return f"{hostname!r} is not a hostname (like riverside.example.org)"
    if db.exec(select(Clinic.id).where(Clinic.hostname == hostname)).first():
        return f"{hostname} already belongs to a clinic"
    base = slug = slug_for(name)
    taken = set(db.exec(select(Clinic.slug).where(col(Clinic.slug).startswith(base))).all())
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    clinic = Clinic(slug=slug, name=name, hostname=hostname, created_at=now)
    db.add(clinic)
    db.flush()
    audit.record(db, "clinic.created", now=now, clinic_id=clinic.id)
    DIRECTORY.forget()
    return clinic


def list_clinics(db: Session) -> list[ClinicRow]:
    counts = dict(db.exec(select(User.clinic_id, func.count()).group_by(col(User.clinic_id))).all())
    clinics = db.exec(select(Clinic).order_by(col(Clinic.created_at))).all()
    return [ClinicRow(c.slug, c.name, c.hostname or "", counts.get(c.id, 0)) for c in clinics]


def clinic_at(db: Session, hostname: str) -> Clinic | None:
    return db.exec(select(Clinic).where(Clinic.hostname == hostname.strip().lower())).first()


def invite_first_admin(
    db: Session,
    clinic_id: uuid.UUID,
    email: str,
    name: str,
    *,
    now: datetime,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> str:
    """The operator's way in for a new clinic: its first admin, invited by email (who then
    invites everyone else on screen). "" when sent, else the catalog key of what is wrong."""
    email = normalize_email(email)
    if not EMAIL_SHAPE.match(email):
        return InviteProblem.EMAIL_INVALID
    if not 1 <= len(name.strip()) <= 120:
        return InviteProblem.NAME_MISSING
    user = db.exec(select(User).where(User.email == email, User.clinic_id == clinic_id)).first()
    if user is not None and (user.role is not Role.CLINIC_ADMIN or has_come_in(db, user)):
        return InviteProblem.EXISTS
    if user is None:
        user = User(
            email=email,
            display_name=name.strip(),
            role=Role.CLINIC_ADMIN,
            clinic_id=clinic_id,
            created_at=now,
        )
        db.add(user)
        db.flush()
    audit.record(db, "clinic.first_admin_invited", now=now, clinic_id=clinic_id)
    token = issue_token(db, user.id, INVITATION, now=now)
    email_invitation(db, user, token, public_origin=public_origin, deliver=deliver)
    return ""
