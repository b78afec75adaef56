"""Sign-in state kept on the server: sessions, single-use tokens, and failed attempts.

Only SHA-256 hashes of tokens are stored, so a copy of the database cannot sign anyone in.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class AuthSession(SQLModel, table=True):
    __tablename__ = "auth_session"

    id: uuid.UUID = uuid_pk()
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = created_at_field()
    last_seen_at: datetime = utc_field()
    expires_at: datetime = utc_field()
    revoked_at: datetime | None = utc_field(optional=True)
    client_address: str = Field(default="", max_length=45)
    device: str = Field(default="", max_length=120)
    # A caregiver's choice of whom they are helping now (checked against their grants each time).
    helping_patient_id: uuid.UUID | None = Field(default=None, foreign_key="patient.id")


class SignInToken(SQLModel, table=True):
    """Email sign-in links, invitations and the short hand-off after a password check."""

    __tablename__ = "sign_in_token"

    id: uuid.UUID = uuid_pk()
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=16)
    created_at: datetime = created_at_field()
    expires_at: datetime = utc_field()
    used_at: datetime | None = utc_field(optional=True)


class RecoveryCode(SQLModel, table=True):
    """Single-use codes for when the authenticator phone is lost (hashed like tokens)."""

    __tablename__ = "recovery_code"

    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    used_at: datetime | None = utc_field(optional=True)


class FailedSignIn(SQLModel, table=True):
    """One failed password attempt, counted per account and per client address."""

    __tablename__ = "failed_sign_in"
    __table_args__ = (sa.Index("ix_failed_sign_in_key_at", "key", "at"),)

    id: uuid.UUID = uuid_pk()
    key: str = Field(max_length=80)
    at: datetime = utc_field()


class Passkey(SQLModel, table=True):
    """A WebAuthn credential: the phone or security key keeps the private key, we the public one."""

    __tablename__ = "passkey"

    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    credential_id: str = Field(max_length=1400, unique=True, index=True)  # base64url
    public_key: bytes = Field(sa_type=sa.LargeBinary())
    sign_count: int = Field(default=0)
    name: str = Field(default="", max_length=120)
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = utc_field(optional=True)


class PasskeyChallenge(SQLModel, table=True):
    """A single-use WebAuthn challenge (5 minutes), in the database so every worker can check it."""

    __tablename__ = "passkey_challenge"

    id: uuid.UUID = uuid_pk()
    challenge_hash: str = Field(max_length=64, unique=True, index=True)
    purpose: str = Field(max_length=16)  # "register" or "sign_in"
    user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    # A hash of the address that asked, to cap how many one address keeps open at once.
    requested_from: str | None = Field(default=None, max_length=64, index=True)
    expires_at: datetime = utc_field(index=True)
    used_at: datetime | None = utc_field(optional=True)


class ClinicSso(SQLModel, table=True):
    """A clinic's own identity provider for its staff (OpenID Connect). The client secret is
    kept encrypted with a key made from the install's secret."""

    __tablename__ = "clinic_sso"

    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", primary_key=True)
    label: str = Field(max_length=60)  # "Sign in with <label>"
    issuer: str = Field(max_length=300)
    client_id: str = Field(max_length=200)
    client_secret_encrypted: str = Field(max_length=1000)
    group_claim: str = Field(default="groups", max_length=60)
    clinician_group: str = Field(max_length=200)
    admin_group: str = Field(default="", max_length=200)
    sso_only: bool = Field(default=False)  # staff may not use a password at this clinic
    updated_at: datetime = utc_field()


class SsoAttempt(SQLModel, table=True):
    """One sign-in sent to the provider: its state (hashed), nonce and PKCE verifier, used
    once and only within minutes, only at the clinic it started at."""

    __tablename__ = "sso_attempt"

    state_hash: str = Field(max_length=64, primary_key=True)
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    nonce: str = Field(max_length=100)
    code_verifier: str = Field(max_length=200)
    created_at: datetime = utc_field(index=True)
    used_at: datetime | None = utc_field(optional=True)
