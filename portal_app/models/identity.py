"""People: accounts, the patients among them, and who is on each patient's care team."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, UniqueConstraint

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class Role(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"
    CLINIC_ADMIN = "clinic_admin"


class Language(StrEnum):
    ENGLISH = "en"
    SPANISH = "es"


class User(SQLModel, table=True):
    # One account per email in each clinic: clinics never learn of each other's people.
    __table_args__ = (UniqueConstraint("clinic_id", "email", name="uq_user_clinic_email"),)

    id: uuid.UUID = uuid_pk()
    email: str = Field(max_length=254, index=True)
    display_name: str = Field(max_length=120)
    role: Role = Field(index=True)
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", index=True)
    language: Language = Field(default=Language.ENGLISH)
    is_active: bool = Field(default=True)
    password_hash: str | None = Field(default=None, max_length=255)
    # Second factor: the TOTP secret, encrypted with the install's secret key.
    totp_secret_encrypted: str | None = Field(default=None, max_length=255)
    totp_enabled_at: datetime | None = utc_field(optional=True)
    totp_last_step: int | None = Field(default=None)
    # Staff who sign in through the clinic's identity provider: its subject for them
    # (services/identity/sso.py). None: the portal's own sign-in.
    sso_subject: str | None = Field(default=None, max_length=255)
    created_at: datetime = created_at_field()


class Patient(SQLModel, table=True):
    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="user.id", unique=True)
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", index=True)
    preferred_name: str = Field(max_length=120)
    date_of_birth: date
    timezone: str = Field(default="America/New_York", max_length=64)
    # The patient's own extra check-in tags, in their words (the built-in ones always show).
    check_in_tags: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # How the care team reaches the patient in a crisis: their phone, and a person they chose.
    phone: str = Field(default="", max_length=32)
    emergency_name: str = Field(default="", max_length=120)
    emergency_relation: str = Field(default="", max_length=60)
    emergency_phone: str = Field(default="", max_length=32)
    created_at: datetime = created_at_field()


class CareTeamMembership(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("patient_id", "clinician_id"),
        # The clinician's panel starts here: their patients, read from the index alone.
        sa.Index("ix_care_team_clinician_patient", "clinician_id", "patient_id"),
    )

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True)
    clinician_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    is_primary: bool = Field(default=False)
    created_at: datetime = created_at_field()
