"""A clinic: the organisation that brands the portal and whose numbers appear in a crisis."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, UniqueConstraint

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class Clinic(SQLModel, table=True):
    id: uuid.UUID = uuid_pk()
    slug: str = Field(max_length=64, unique=True, index=True)
    # The hostname the clinic is served at (services/clinic/tenancy.py); None: the install's
    # default clinic, served at any hostname no clinic claims.
    hostname: str | None = Field(default=None, max_length=253, unique=True, index=True)
    name: str = Field(max_length=120)
    logo_path: str | None = Field(default=None, max_length=255)
    primary_color: str = Field(default="#1d4e89", max_length=7)
    accent_color: str = Field(default="#0f766e", max_length=7)
    phone: str | None = Field(default=None, max_length=32)
    after_hours_phone: str | None = Field(default=None, max_length=32)
    crisis_line: str = Field(default="988", max_length=32)
    # The after-hours line for Spanish speakers ("" means the same as above).
    after_hours_phone_es: str = Field(default="", max_length=32)
    default_language: str = Field(default="en", max_length=2)
    timezone: str = Field(default="America/New_York", max_length=64)
    usual_reply_hours: int = Field(default=48)
    # Clinic hours (in the clinic's time zone) and how long a risk alert may stay unanswered in
    # them before it is escalated to the whole care team.
    opens_at_hour: int = Field(default=8)
    closes_at_hour: int = Field(default=18)
    open_weekdays: str = Field(default="0,1,2,3,4", max_length=13)  # Monday = 0
    alert_escalation_minutes: int = Field(default=60)
    # Who is told when an alert is escalated, or opens while the clinic is closed: a named
    # clinician of the clinic (push and email) and an after-hours service (email).
    # (No foreign key: user already points at clinic, and a cycle breaks table ordering. The
    # admin screen accepts only an active clinician of this clinic.)
    on_call_clinician_id: uuid.UUID | None = Field(default=None)
    after_hours_email: str = Field(default="", max_length=254)
    # Appointments: "book" lets patients take an open slot; "request" asks the clinician first.
    booking_mode: str = Field(default="book", max_length=8)
    cancel_before_hours: int = Field(default=24)  # later than this, patients call instead
    # Guardians of children: full access under `teen_from_age`; from then until `adult_age` the
    # teen's confidential areas are hidden unless the teen agrees; at `adult_age` access ends.
    teen_from_age: int = Field(default=12)
    adult_age: int = Field(default=18)
    # The clinic's own website origins ("https://riverside.example"), space-separated: the
    # only sites that may frame the /embed/ pieces (services/clinic/embedding.py).
    embed_origins: str = Field(default="", max_length=1200)
    created_at: datetime = created_at_field()


class ClinicImage(SQLModel, table=True):
    """The clinic's logo as the app icons made from it (icon-192, maskable-512, ...): small
    PNGs kept in the database, so every app host serves the same ones."""

    __tablename__ = "clinic_image"
    __table_args__ = (UniqueConstraint("clinic_id", "name"),)

    id: uuid.UUID = uuid_pk()
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", index=True)
    name: str = Field(max_length=32)
    png: bytes = Field(sa_type=sa.LargeBinary())
    updated_at: datetime = utc_field()


class VisitRequest(SQLModel, table=True):
    """A "Request a visit" from the clinic's website (/embed/request): who to call back and
    how, never why (no clinical free text). Seen by the clinic's admins only."""

    __tablename__ = "visit_request"
    __table_args__ = (sa.Index("ix_visit_request_clinic_status", "clinic_id", "status"),)

    id: uuid.UUID = uuid_pk()
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    name: str = Field(max_length=80)
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    contact_by: str = Field(max_length=8)  # "call", "text" or "email"
    best_time: str = Field(max_length=10)  # "morning", "afternoon", "evening" or "any"
    for_whom: str = Field(max_length=8)  # "me", "child" or "other"
    language: str = Field(default="en", max_length=2)
    # Hashed client address: how many requests one address sent lately (rate limit).
    client_key: str = Field(max_length=64, index=True)
    status: str = Field(default="new", max_length=10)  # "new", "called", "closed"
    handled_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    handled_at: datetime | None = utc_field(optional=True)
    created_at: datetime = utc_field(index=True)
