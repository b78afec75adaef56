"""The treatment plan: goals in the patient's own words with steps, written with the clinician.

Every save is a new version (nothing is overwritten), so both can see how the plan changed.
Notes on the plan are the clinician's progress notes and the patient's comments; both see both.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, uuid_pk


class CarePlanVersion(SQLModel, table=True):
    __tablename__ = "care_plan_version"
    __table_args__ = (sa.UniqueConstraint("patient_id", "version"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    version: int
    goals: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)  # goal, steps
    written_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()


class CarePlanNote(SQLModel, table=True):
    __tablename__ = "care_plan_note"
    __table_args__ = (sa.Index("ix_care_plan_note_patient", "patient_id", "created_at"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    plan_version: int
    author_id: uuid.UUID = Field(foreign_key="user.id")
    kind: str = Field(max_length=10)  # "progress" (clinician) or "comment" (patient)
    body: str = Field(max_length=2000)
    created_at: datetime = created_at_field()
