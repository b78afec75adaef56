"""Staff of a clinic sign in with the clinic's own identity provider (services/identity/oidc.py
does the OpenID Connect checks). This module keeps each sign-in's state, nonce and verifier
(used once, within minutes, at the clinic it started at), decides which portal account the
provider's person is, keeps the clinic admin's settings (the client secret encrypted), and
says when a clinic signs its staff in only this way.

Who may come in is the provider's say, each time: a person the provider no longer lets in, or
whose group no longer maps to clinician or clinic admin, gets no new session; one the clinic
admin turned off in the portal neither. A first sign-in of a mapped person makes their staff
account (marked as coming from the provider, so the admin sees its source); patients and
caregivers never sign in this way.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from cryptography.fernet import InvalidToken
from sqlmodel import Session, col, func, select

from portal_app.models import ClinicSso, SsoAttempt, User
from portal_app.services.access import Actor, require_clinic_admin
from portal_app.services.clinic.tenancy import loopback, origin_of_clinic
from portal_app.services.common import audit
from portal_app.services.common.local_time import as_utc
from portal_app.services.identity.oidc import (
    AuthRequest,
    Discovery,
    Identity,
    ProviderConfig,
    SsoRefused,
    authorization_request,
)
from portal_app.services.identity.second_factor import STAFF_ROLES, secret_box
from portal_app.services.problems import SsoProblem

ATTEMPT_LIFETIME = timedelta(minutes=10)
CALLBACK_PATH = "/api/sso/callback"
STARTS_PER_MINUTE = 120  # per clinic: each start asks the provider and keeps a row
SECRET_PURPOSE = "sso"  # noqa: S105 - which key, not a secret


def _state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def settings_row(db: Session, clinic_id: uuid.UUID | None) -> ClinicSso | None:
    return db.get(ClinicSso, clinic_id) if clinic_id is not None else None


def sign_in_label(db: Session, clinic_id: uuid.UUID | None) -> str:
    """What the sign-in page's button names ("" when the clinic has no provider)."""
    row = settings_row(db, clinic_id)
    return row.label if row is not None else ""


def staff_sso_only(db: Session, user: User) -> bool:
    """This person is staff at a clinic that lets staff in only through its provider."""
    row = settings_row(db, user.clinic_id)
    return row is not None and row.sso_only and user.role in STAFF_ROLES


def provider_config(
    db: Session, clinic_id: uuid.UUID | None, install_secret: str
) -> ProviderConfig:
    row = settings_row(db, clinic_id)
    if row is None:
        raise SsoRefused(SsoProblem.SETUP, "no provider")
    try:
        secret = secret_box(install_secret, SECRET_PURPOSE).decrypt(
            row.client_secret_encrypted.encode()
        )
    except InvalidToken as error:  # the install's secret changed since it was saved
        raise SsoRefused(SsoProblem.SETUP, "client secret unreadable") from error
    return ProviderConfig(
        issuer=row.issuer,
        client_id=row.client_id,
        client_secret=secret.decode(),
        clinician_group=row.clinician_group,
        admin_group=row.admin_group,
        group_claim=row.group_claim,
    )


def check_not_busy(db: Session, clinic_id: uuid.UUID | None, *, now: datetime) -> None:
    """The start is public: a flood must not make us hammer the clinic's provider."""
    recent = db.exec(
        select(func.count())
        .select_from(SsoAttempt)
        .where(
            SsoAttempt.clinic_id == clinic_id,
            col(SsoAttempt.created_at) > now - timedelta(minutes=1),
        )
    ).one()
    if int(recent) >= STARTS_PER_MINUTE:
        raise SsoRefused(SsoProblem.BUSY)


def begin(
    db: Session,
    clinic_id: uuid.UUID,
    config: ProviderConfig,
    discovery: Discovery,
    redirect_uri: str,
    *,
    now: datetime,
) -> AuthRequest:
    """Where to send the browser, and the state the browser keeps in its own cookie (so the
    answer counts only in the browser that started); the secrets stay here."""
    request = authorization_request(config, discovery, redirect_uri)
    db.add(
        SsoAttempt(
            state_hash=_state_hash(request.state),
            clinic_id=clinic_id,
            nonce=request.nonce,
            code_verifier=request.code_verifier,
            created_at=now,
        )
    )
    return request


def take_attempt(
    db: Session, clinic_id: uuid.UUID | None, state: str, browser_state: str, *, now: datetime
) -> SsoAttempt:
    """The sign-in this answer belongs to, used up now: a forged, replayed, late or other
    clinic's state is refused, and so is an answer opened in a browser that did not start
    it (`browser_state`, from its own cookie): nobody can sign a colleague in as themselves."""
    attempt = db.get(SsoAttempt, _state_hash(state)) if state else None
    if (
        attempt is None
        or not hmac.compare_digest(state.encode(), browser_state.encode())
        or attempt.clinic_id != clinic_id
        or attempt.used_at is not None
        or now - as_utc(attempt.created_at) > ATTEMPT_LIFETIME
    ):
        raise SsoRefused(SsoProblem.REFUSED, "state")
    attempt.used_at = now
    db.add(attempt)
    return attempt


def account_for(db: Session, clinic_id: uuid.UUID, person: Identity, *, now: datetime) -> User:
    """The staff account of the provider's person at this clinic, made on first sign-in."""
    user = db.exec(
        select(User).where(User.clinic_id == clinic_id, User.email == person.email)
    ).first()
    if user is None:
        user = User(
            email=person.email,
            display_name=person.name[:120],
            role=person.role,
            clinic_id=clinic_id,
            sso_subject=person.subject,
        )
        db.add(user)
        db.flush()
        audit.record(db, "staff.joined_by_sso", now=now, actor_id=user.id, clinic_id=clinic_id)
        return user
    if user.role not in STAFF_ROLES:
        raise SsoRefused(SsoProblem.NOT_STAFF)
    if not user.is_active:
        raise SsoRefused(SsoProblem.ACCOUNT_OFF)
    if user.sso_subject is not None and user.sso_subject != person.subject:
        # The address now belongs to someone else at the provider: never merge them.
        raise SsoRefused(SsoProblem.REFUSED, "another subject")
    if user.role is not person.role:
        audit.record(db, "staff.role_from_sso", now=now, actor_id=user.id, clinic_id=clinic_id)
        user.role = person.role
    user.sso_subject = person.subject
    db.add(user)
    return user


def forget_old_attempts(db: Session, *, now: datetime) -> None:
    for old in db.exec(
        select(SsoAttempt).where(SsoAttempt.created_at < now - ATTEMPT_LIFETIME * 6)
    ).all():
        db.delete(old)


@dataclass(frozen=True)
class SsoForm:
    label: str
    issuer: str
    client_id: str
    client_secret: str  # "" keeps the saved one
    clinician_group: str
    admin_group: str
    group_claim: str
    sso_only: bool


def saved_form(db: Session, actor: Actor) -> SsoForm | None:
    """The clinic's settings for its admin (the secret itself is never shown again)."""
    require_clinic_admin(actor)
    row = settings_row(db, actor.clinic_id)
    if row is None:
        return None
    return SsoForm(
        row.label,
        row.issuer,
        row.client_id,
        "",
        row.clinician_group,
        row.admin_group,
        row.group_claim,
        row.sso_only,
    )


def problem_in(form: SsoForm, has_secret: bool) -> str:
    if not form.label or not form.client_id or not form.clinician_group:
        return SsoProblem.FORM_MISSING
    parts = urlsplit(form.issuer)
    secure = parts.scheme == "https" or (parts.scheme == "http" and loopback(parts.hostname or ""))
    if not secure or not parts.hostname or parts.query or parts.fragment:
        return SsoProblem.FORM_ISSUER
    if not form.client_secret and not has_secret:
        return SsoProblem.FORM_MISSING
    return ""


def save(db: Session, actor: Actor, form: SsoForm, install_secret: str, *, now: datetime) -> str:
    """ "" when saved, else the catalog key of what to fix. Audited (never the secret)."""
    require_clinic_admin(actor)
    row = settings_row(db, actor.clinic_id)
    problem = problem_in(form, row is not None)
    if problem:
        return problem
    sealed = (
        secret_box(install_secret, SECRET_PURPOSE).encrypt(form.client_secret.encode()).decode()
        if form.client_secret
        else (row.client_secret_encrypted if row else "")
    )
    if row is None:
        row = ClinicSso(
            clinic_id=actor.clinic_id,
            label=form.label,
            issuer=form.issuer,
            client_id=form.client_id,
            client_secret_encrypted=sealed,
            clinician_group=form.clinician_group,
            updated_at=now,
        )
    # The issuer exactly as the provider names itself (a trailing "/" matters).
    row.label, row.issuer, row.client_id = form.label, form.issuer, form.client_id
    row.client_secret_encrypted = sealed
    row.clinician_group, row.admin_group = form.clinician_group, form.admin_group
    row.group_claim, row.sso_only, row.updated_at = form.group_claim or "groups", form.sso_only, now
    db.add(row)
    audit.record(
        db, "clinic.sso_changed", now=now, actor_id=actor.user_id, clinic_id=actor.clinic_id
    )
    return ""


def remove(db: Session, actor: Actor, *, now: datetime) -> None:
    """Staff sign in with the portal's own password and code again (audited)."""
    require_clinic_admin(actor)
    row = settings_row(db, actor.clinic_id)
    if row is not None:
        db.delete(row)
        audit.record(
            db, "clinic.sso_removed", now=now, actor_id=actor.user_id, clinic_id=actor.clinic_id
        )


def callback_address(db: Session, actor: Actor, public_origin: str) -> str:
    """The address the admin registers at the provider (the clinic's own, never the Host)."""
    require_clinic_admin(actor)
    return origin_of_clinic(db, actor.clinic_id, public_origin) + CALLBACK_PATH
