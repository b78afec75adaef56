"""Medicines the clinician enters, the doses the patient logs, and refill requests."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class RefillStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class Medicine(SQLModel, table=True):
    """One medicine on the patient's list, with its dose times in the patient's own time zone."""

    __tablename__ = "medicine"
    __table_args__ = (sa.Index("ix_medicine_patient_active", "patient_id", "active"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    name: str = Field(max_length=120)
    dose: str = Field(max_length=120)  # e.g. "50 mg, 1 tablet"
    instructions: str = Field(default="", max_length=500)  # plain words: "Take with food"
    reason: str = Field(default="", max_length=200)  # what it is for, in plain words
    prescriber: str = Field(default="", max_length=120)
    started_on: date
    as_needed: bool = False
    max_per_day: int | None = None  # "when needed": the most doses in one day, if set
    times: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # "HH:MM", local
    weekdays: list[int] = Field(default_factory=list, sa_type=sa.JSON)  # Monday = 0; [] = daily
    active: bool = True
    created_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()


class DoseLog(SQLModel, table=True):
    """A dose taken or skipped. A scheduled dose is logged once; as-needed doses any time."""

    __tablename__ = "dose_log"
    __table_args__ = (
        sa.UniqueConstraint("medicine_id", "scheduled_for"),
        sa.Index("ix_dose_log_patient_time", "patient_id", "recorded_at"),
    )

    id: uuid.UUID = uuid_pk()
    medicine_id: uuid.UUID = Field(foreign_key="medicine.id")
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    scheduled_for: datetime | None = utc_field(optional=True)
    status: str = Field(max_length=8)  # "taken", "late" or "skipped"
    recorded_at: datetime = utc_field()
    recorded_by: uuid.UUID = Field(foreign_key="user.id")
    source: str = Field(max_length=12)  # "reminder", "home" or "medicines"


class RefillRequest(SQLModel, table=True):
    """The patient asks for more; the clinician approves or declines with a note."""

    __tablename__ = "refill_request"
    __table_args__ = (sa.Index("ix_refill_patient_status", "patient_id", "status"),)

    id: uuid.UUID = uuid_pk()
    medicine_id: uuid.UUID = Field(foreign_key="medicine.id")
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    requested_at: datetime = utc_field()
    requested_by: uuid.UUID = Field(foreign_key="user.id")
    status: str = Field(default="pending", max_length=10)  # pending, approved, declined
    decided_at: datetime | None = utc_field(optional=True)
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=500)
