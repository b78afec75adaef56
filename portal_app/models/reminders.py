"""Reminders: the patient's choices, the devices that get pushes, and each reminder sent.

A `Reminder` row is made once per thing to remind about (its `key` is unique), so planning
can run on every worker, and claiming it is atomic, so it is sent once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class ReminderSettings(SQLModel, table=True):
    """What the patient wants to be reminded of, and when not to be disturbed."""

    __tablename__ = "reminder_settings"

    patient_id: uuid.UUID = Field(foreign_key="patient.id", primary_key=True)
    dose_on: bool = True
    check_in_on: bool = False
    check_in_at: str = Field(default="19:00", max_length=5)  # local "HH:MM"
    questionnaire_on: bool = True
    appointment_on: bool = True
    message_on: bool = True
    quiet_from: str = Field(default="22:00", max_length=5)
    quiet_until: str = Field(default="07:00", max_length=5)
    email_too: bool = False  # a neutral email when no device got the push
    neutral_look: bool = False  # no app name on the lock screen, a plain bell icon


class PushSubscription(SQLModel, table=True):
    """One device's Web Push subscription, made while its person was signed in there."""

    __tablename__ = "push_subscription"

    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    session_id: uuid.UUID | None = Field(default=None, index=True)
    endpoint: str = Field(max_length=1000, unique=True)
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    device: str = Field(default="", max_length=80)  # "Chrome on Android"
    created_at: datetime = created_at_field()
    last_sent_at: datetime | None = utc_field(optional=True)


class Reminder(SQLModel, table=True):
    __tablename__ = "reminder"
    __table_args__ = (
        sa.Index("ix_reminder_status_due", "status", "due_at"),
        sa.Index("ix_reminder_patient_due", "patient_id", "due_at"),
    )

    id: uuid.UUID = uuid_pk()
    key: str = Field(max_length=120, unique=True)  # e.g. "dose:<medicine>:<UTC time>"
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    user_id: uuid.UUID = Field(foreign_key="user.id")  # who gets it
    kind: str = Field(max_length=16)  # dose, check_in, questionnaire, appointment, message, refill
    ref_id: uuid.UUID | None = Field(default=None)  # the medicine, for "Taken"
    scheduled_for: datetime = utc_field()  # the dose time
    due_at: datetime = utc_field()  # after quiet hours, snoozes
    # pending -> sending -> sent / no_device / failed; done once the patient acted on it
    status: str = Field(default="pending", max_length=10)
    claimed_by: str = Field(default="", max_length=64)
    claimed_at: datetime | None = utc_field(optional=True)
    sent_at: datetime | None = utc_field(optional=True)
    emailed_at: datetime | None = utc_field(optional=True)
    done_at: datetime | None = utc_field(optional=True)
    created_at: datetime = created_at_field()


class PushAttempt(SQLModel, table=True):
    """Each try to hand a reminder to a push service: the outcome, never the text."""

    __tablename__ = "push_attempt"

    id: uuid.UUID = uuid_pk()
    reminder_id: uuid.UUID = Field(foreign_key="reminder.id", index=True)
    subscription_id: uuid.UUID | None = Field(default=None)  # gone devices are deleted
    at: datetime = utc_field()
    try_number: int = 1
    status_code: int | None = None
    outcome: str = Field(max_length=10)  # sent, gone, retry, failed, error
