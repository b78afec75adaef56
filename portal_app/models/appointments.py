"""Visits: the hours a clinician offers, days they are away, and the appointments themselves.

Hours are wall-clock times in the clinic's time zone, turned into moments day by day (so 09:00
stays 09:00 across daylight-saving changes). A clinician can hold one live appointment per
start time: a partial unique index makes a second booking of the same slot fail in the
database itself, whoever is faster.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class VisitKind(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"


class VisitStatus(StrEnum):
    BOOKED = "booked"
    REQUESTED = "requested"  # the clinic answers booking requests first
    DECLINED = "declined"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    MISSED = "missed"


LIVE = ("requested", "booked")


class AvailabilityRule(SQLModel, table=True):
    """Every week on `weekday`, from `starts` to `ends`, sessions of `minutes`."""

    __tablename__ = "availability_rule"
    __table_args__ = (sa.Index("ix_availability_clinician", "clinician_id", "active"),)

    id: uuid.UUID = uuid_pk()
    clinician_id: uuid.UUID = Field(foreign_key="user.id")
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    weekday: int  # Monday = 0
    starts: str = Field(max_length=5)  # "HH:MM", the clinic's time
    ends: str = Field(max_length=5)
    minutes: int = 50
    gap_minutes: int = 0  # a break after each visit, so start times stay round (50 + 10)
    kind: str = Field(default="in_person", max_length=10)  # "in_person" or "video"
    location: str = Field(default="", max_length=200)
    active: bool = True
    created_at: datetime = created_at_field()


class AvailabilityException(SQLModel, table=True):
    """A day the clinician does not see patients (leave, training, a holiday)."""

    __tablename__ = "availability_exception"
    __table_args__ = (sa.UniqueConstraint("clinician_id", "on_date"),)

    id: uuid.UUID = uuid_pk()
    clinician_id: uuid.UUID = Field(foreign_key="user.id")
    on_date: date
    note: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()


class Appointment(SQLModel, table=True):
    __tablename__ = "appointment"
    __table_args__ = (
        sa.Index("ix_appointment_patient_start", "patient_id", "starts_at"),
        sa.Index("ix_appointment_clinician_start", "clinician_id", "starts_at"),
        sa.Index(
            "ux_appointment_live_slot",
            "clinician_id",
            "starts_at",
            unique=True,
            sqlite_where=sa.text("status IN ('requested', 'booked')"),
            postgresql_where=sa.text("status IN ('requested', 'booked')"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    clinician_id: uuid.UUID = Field(foreign_key="user.id")
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    starts_at: datetime = utc_field()
    ends_at: datetime = utc_field()
    kind: str = Field(default="in_person", max_length=10)
    location: str = Field(default="", max_length=200)
    video_link: str = Field(default="", max_length=300)
    # requested, booked, declined, cancelled, completed, missed
    status: str = Field(default="booked", max_length=10)
    reason: str = Field(default="", max_length=500)  # the patient's words, optional
    decision_note: str = Field(default="", max_length=1000)
    cancelled_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    cancelled_at: datetime | None = utc_field(optional=True)
    created_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
