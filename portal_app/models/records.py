"""The patient's record beyond check-ins: what the care team shares, allergies, and the
clinician's psychotherapy notes, which are kept in their own table so that nothing that reads
the patient's record can ever pick them up by mistake."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class SharedDocument(SQLModel, table=True):
    """A visit summary (text) or a document (a PDF or photo) the care team shares."""

    __tablename__ = "shared_document"
    __table_args__ = (sa.Index("ix_shared_document_patient", "patient_id", "shared_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    shared_by: uuid.UUID = Field(foreign_key="user.id")
    kind: str = Field(max_length=16)  # "visit_summary" or "document"
    title: str = Field(max_length=120)
    body: str = Field(default="", max_length=8000)
    visit_on: datetime | None = utc_field(optional=True)
    file_name: str | None = Field(default=None, max_length=120)
    content_type: str | None = Field(default=None, max_length=40)
    size: int | None = None
    sha256: str | None = Field(default=None, max_length=64)
    # Marked by the clinician: substance-use treatment record (42 CFR Part 2), shown to nobody
    # but the patient and care team without the patient's consent; confidential for a teen.
    part2: bool = False
    confidential: bool = False
    shared_at: datetime = created_at_field()
    withdrawn_at: datetime | None = utc_field(optional=True)


class DocumentDraft(SQLModel, table=True):
    """A file a clinician chose for a patient's record but has not shared yet: only they see
    it, while they title and mark it; sharing makes a SharedDocument (found: a file was shared
    the moment it was chosen, before it could be marked Part 2 or confidential)."""

    __tablename__ = "document_draft"

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    staged_by: uuid.UUID = Field(foreign_key="user.id", index=True)
    file_name: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = created_at_field()


class Allergy(SQLModel, table=True):
    """An allergy the care team recorded; a removed one stays (who removed it, when)."""

    __tablename__ = "allergy"
    __table_args__ = (sa.Index("ix_allergy_patient", "patient_id", "removed_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    substance: str = Field(max_length=120)
    reaction: str = Field(default="", max_length=300)
    severity: str = Field(default="unknown", max_length=10)  # mild, moderate, severe, unknown
    noted_by: uuid.UUID = Field(foreign_key="user.id")
    noted_at: datetime = created_at_field()
    removed_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    removed_at: datetime | None = utc_field(optional=True)


class PsychotherapyNote(SQLModel, table=True):
    """Process notes, readable by their author only: never by the patient, a caregiver, the
    rest of the care team, or any export."""

    __tablename__ = "psychotherapy_note"
    __table_args__ = (
        sa.Index("ix_psychotherapy_note_author", "author_id", "patient_id", "created_at"),
    )

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    author_id: uuid.UUID = Field(foreign_key="user.id")
    body: str = Field(max_length=8000)
    created_at: datetime = created_at_field()
