"""Secure messages between a patient and their care team, and the team's own working notes.

A thread belongs to one patient. The care team shares it: one member may handle it, hand it
on with a note only the team sees, and mark it done. Drafts are kept on the server so a
timeout or a reload loses nothing the person typed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class MessageThread(SQLModel, table=True):
    __tablename__ = "message_thread"
    __table_args__ = (
        sa.Index("ix_thread_patient_last", "patient_id", "last_message_at"),
        # The inbox: a clinic's threads that wait for the team, oldest first.
        sa.Index("ix_thread_waiting", "patient_id", "waiting_since"),
    )

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    subject: str = Field(max_length=120)
    # Set while the patient's newest message has no answer from the team; None otherwise.
    waiting_since: datetime | None = utc_field(optional=True)
    handled_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    done_at: datetime | None = utc_field(optional=True)
    last_message_at: datetime = utc_field()
    # Goes up with every change anyone can see, so open pages can tell cheaply what is new.
    version: int = Field(default=0)
    created_at: datetime = created_at_field()


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (sa.Index("ix_message_thread_sent", "thread_id", "sent_at"),)

    id: uuid.UUID = uuid_pk()
    thread_id: uuid.UUID = Field(foreign_key="message_thread.id")
    author_id: uuid.UUID = Field(foreign_key="user.id")
    from_patient: bool
    body: str = Field(max_length=5000)
    sent_at: datetime = utc_field()
    read_by_team_at: datetime | None = utc_field(optional=True)
    read_by_patient_at: datetime | None = utc_field(optional=True)


class MessageAttachment(SQLModel, table=True):
    """A photo or PDF; the bytes live in the data folder under the attachment's id."""

    __tablename__ = "message_attachment"

    id: uuid.UUID = uuid_pk()
    uploaded_by: uuid.UUID = Field(foreign_key="user.id", index=True)
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    # None until the message it came with is sent.
    message_id: uuid.UUID | None = Field(default=None, foreign_key="message.id", index=True)
    file_name: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = created_at_field()


class ThreadNote(SQLModel, table=True):
    """A note between team members on a thread (e.g. at a hand-off). Never shown to patients."""

    __tablename__ = "thread_note"
    __table_args__ = (sa.Index("ix_thread_note_thread", "thread_id", "created_at"),)

    id: uuid.UUID = uuid_pk()
    thread_id: uuid.UUID = Field(foreign_key="message_thread.id")
    author_id: uuid.UUID = Field(foreign_key="user.id")
    body: str = Field(max_length=2000)
    created_at: datetime = created_at_field()


class SavedReply(SQLModel, table=True):
    """A clinician's reusable reply text."""

    __tablename__ = "saved_reply"

    id: uuid.UUID = uuid_pk()
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    title: str = Field(max_length=80)
    body: str = Field(max_length=2000)
    created_at: datetime = created_at_field()


class MessageDraft(SQLModel, table=True):
    """What someone has typed but not sent: per person and per place ("new" or a thread id)."""

    __tablename__ = "message_draft"

    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True)
    place: str = Field(max_length=64, primary_key=True)
    subject: str = Field(default="", max_length=120)
    body: str = Field(default="", max_length=5000)
    updated_at: datetime = created_at_field()


class CareTeamNote(SQLModel, table=True):
    """A note about the patient for the care team only."""

    __tablename__ = "care_team_note"
    __table_args__ = (sa.Index("ix_care_team_note_patient", "patient_id", "created_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    author_id: uuid.UUID = Field(foreign_key="user.id")
    body: str = Field(max_length=4000)
    created_at: datetime = created_at_field()
