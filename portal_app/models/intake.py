"""A clinic's own intake forms (built by its admin), and each patient's answers to one.

A form's questions are kept with the form (a handful, edited only while it is a draft, frozen
once published); each answer keeps a copy of the questions as they were asked, so what the
care team reads never changes under them when the clinic later makes a new version.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field


class IntakeForm(SQLModel, table=True):
    __tablename__ = "intake_form"
    __table_args__ = (sa.Index("ix_intake_form_clinic_status", "clinic_id", "status"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    title_en: str = Field(max_length=120)
    title_es: str = Field(max_length=120)
    # [{"id", "kind": text|choice|date|yes_no, "en", "es", "choices": [{"en", "es"}], "required"}]
    questions: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    status: str = Field(default="draft", max_length=12)  # draft, published, retired
    created_at: datetime = created_at_field()
    updated_at: datetime | None = utc_field(optional=True)


class IntakeResponse(SQLModel, table=True):
    __tablename__ = "intake_response"
    __table_args__ = (sa.UniqueConstraint("form_id", "patient_id", name="uq_intake_once"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    form_id: uuid.UUID = Field(foreign_key="intake_form.id")
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True)
    # The questions as asked, each with "answer": text, a choice's index, "yes"/"no", a date.
    answers: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    submitted_at: datetime = utc_field()
