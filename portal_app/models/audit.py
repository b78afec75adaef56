"""The audit trail: every read and change of health data and every sign-in event.

Append-only and hash-chained: each row's hash covers the previous row's hash, and the chain
head records the last sequence number, so an edited, inserted or deleted row is detectable.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import utc_field


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_patient_at", "patient_id", "at"),
        sa.Index("ix_audit_event_clinic_at", "clinic_id", "at"),
    )

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = utc_field()
    actor_id: uuid.UUID | None = Field(default=None, index=True)
    on_behalf_of_id: uuid.UUID | None = Field(default=None)
    patient_id: uuid.UUID | None = Field(default=None)
    clinic_id: uuid.UUID | None = Field(default=None, index=True)
    action: str = Field(max_length=40)
    category: str = Field(default="", max_length=40)
    client_address: str = Field(default="", max_length=45)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditChainHead(SQLModel, table=True):
    """One row: the newest sequence number and hash. Appends lock it, so they never race."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int = Field(default=0)
    last_hash: str = Field(default="0" * 64, max_length=64)
