"""A clinic: the organisation that brands the portal and whose numbers appear in a crisis."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, uuid_pk


class Clinic(SQLModel, table=True):
    id: uuid.UUID = uuid_pk()
    slug: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=120)
    logo_path: str | None = Field(default=None, max_length=255)
    primary_color: str = Field(default="#1d4e89", max_length=7)
    accent_color: str = Field(default="#0f766e", max_length=7)
    phone: str | None = Field(default=None, max_length=32)
    after_hours_phone: str | None = Field(default=None, max_length=32)
    crisis_line: str = Field(default="988", max_length=32)
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
    created_at: datetime = created_at_field()
