"""Caregiver access the patient (or, for a child, the clinic) grants, and the patient's consent
to share substance-use treatment records (42 CFR Part 2)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class GrantKind(StrEnum):
    PATIENT = "patient"  # the patient chose the caregiver
    GUARDIAN = "guardian"  # clinic staff linked a parent to a child


class GrantStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    REVOKED = "revoked"


class ProxyGrant(SQLModel, table=True):
    """What one caregiver may see and do for one patient.

    `kind` "patient": the patient chose it. "guardian": clinic staff linked a parent to a child;
    the clinic's age policy then decides how much of it counts
    (see services/caregivers/proxy_policy.py).
    """

    __tablename__ = "proxy_grant"
    __table_args__ = (
        sa.Index("ix_proxy_grant_caregiver", "caregiver_id", "patient_id"),
        sa.Index("ix_proxy_grant_patient", "patient_id", "status"),
    )

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    caregiver_id: uuid.UUID = Field(foreign_key="user.id")
    kind: str = Field(default="patient", max_length=10)  # patient, guardian
    relationship: str = Field(default="", max_length=60)  # in the patient's words
    permissions: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # e.g. "medicines.see"
    status: str = Field(default="invited", max_length=10)  # invited, active, declined, revoked
    ends_on: date | None = None  # the last day it works
    teen_agreed_at: datetime | None = utc_field(optional=True)
    created_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
    accepted_at: datetime | None = utc_field(optional=True)
    changed_at: datetime | None = utc_field(optional=True)
    revoked_at: datetime | None = utc_field(optional=True)
    revoked_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")


class Part2Consent(SQLModel, table=True):
    """The patient's written consent to disclose their Part 2 records to one recipient."""

    __tablename__ = "part2_consent"
    __table_args__ = (sa.Index("ix_part2_consent_patient", "patient_id", "withdrawn_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    recipient: str = Field(max_length=10)  # "caregiver" (with grant_id) or "export"
    grant_id: uuid.UUID | None = Field(default=None, foreign_key="proxy_grant.id")
    purpose: str = Field(max_length=300)
    granted_at: datetime = created_at_field()
    expires_on: date
    withdrawn_at: datetime | None = utc_field(optional=True)
