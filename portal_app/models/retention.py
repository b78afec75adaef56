"""How long a clinic keeps short-lived records (sessions, links, drafts...), and each run of
the retention job with what it deleted."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import utc_field


class ClinicRetention(SQLModel, table=True):
    """A clinic's own number of days for one rule (services/operations/retention.py RULES);
    a rule without a row here uses its safe default."""

    __tablename__ = "clinic_retention"

    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", primary_key=True)
    rule: str = Field(max_length=32, primary_key=True)
    days: int


class RetentionRun(SQLModel, table=True):
    """One hourly run, claimed by whichever worker inserts its hour first; `deleted` counts
    the rows each rule removed (numbers only)."""

    __tablename__ = "retention_run"

    period: str = Field(max_length=16, primary_key=True)  # "2026-12-06T04"
    ran_at: datetime = utc_field()
    deleted: dict[str, int] = Field(default_factory=dict, sa_type=sa.JSON())
