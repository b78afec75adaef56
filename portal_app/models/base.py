"""Shared column helpers: UUID keys (records made offline need ids first) and UTC timestamps."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field


def utc_now() -> datetime:
    return datetime.now(UTC)


def uuid_pk() -> uuid.UUID:
    return Field(default_factory=uuid.uuid4, primary_key=True)  # type: ignore[no-any-return]


def created_at_field() -> datetime:
    return Field(  # type: ignore[no-any-return]
        default_factory=utc_now, sa_type=sa.DateTime(timezone=True), nullable=False
    )


def utc_field(*, optional: bool = False, index: bool = False) -> Any:
    """A moment, stored with its time zone (written in UTC). `optional`: may be empty (None)."""
    if optional:
        return Field(default=None, sa_type=sa.DateTime(timezone=True), index=index)
    return Field(sa_type=sa.DateTime(timezone=True), index=index)
