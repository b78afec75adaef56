"""The safety plan (Stanley-Brown): six steps and reasons for living, in the patient's words.

Every save is a new version. A version the patient wrote stays "not seen" until someone on the
care team opens it, so the team is told when the patient changes their plan."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field, uuid_pk


class SafetyPlanVersion(SQLModel, table=True):
    __tablename__ = "safety_plan_version"
    __table_args__ = (sa.UniqueConstraint("patient_id", "version"),)

    id: uuid.UUID = uuid_pk()
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    version: int
    steps: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    written_by: uuid.UUID = Field(foreign_key="user.id")
    by_patient: bool = False
    seen_by_team_at: datetime | None = utc_field(optional=True)
    created_at: datetime = created_at_field()
