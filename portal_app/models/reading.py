"""Reading for one patient: what their care is about (so the library can pick articles for them)
and the articles their care team suggested.

Both keep their history: a topic or suggestion taken back gets `removed_at`, never deleted, so
the audit can say who suggested what and when.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class CareTopic(SQLModel, table=True):
    """A condition or subject the care team is working on with the patient ("sleep")."""

    __tablename__ = "care_topic"
    __table_args__ = (sa.Index("ix_care_topic_patient", "patient_id", "removed_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    topic: str = Field(max_length=30)
    added_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
    removed_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    removed_at: datetime | None = utc_field(optional=True)


class ReadingSuggestion(SQLModel, table=True):
    """ "Your care team suggested this": one article for one patient, and whether it was opened."""

    __tablename__ = "reading_suggestion"
    __table_args__ = (sa.Index("ix_reading_suggestion_patient", "patient_id", "removed_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    slug: str = Field(max_length=80)
    suggested_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
    opened_at: datetime | None = utc_field(optional=True)
    removed_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    removed_at: datetime | None = utc_field(optional=True)
