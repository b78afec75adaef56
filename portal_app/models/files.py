"""The bytes of uploaded files (message attachments, shared papers and their drafts)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import utc_field


class StoredFile(SQLModel, table=True):
    """One file's bytes, kept in the database beside the row that describes it: every app
    host sees it, it commits or rolls back with that row, and a database backup holds it.
    The key names what it belongs to ("attachment/<id>", "record/<id>", "record-draft/<id>")."""

    __tablename__ = "stored_file"

    key: str = Field(primary_key=True, max_length=64)
    data: bytes = Field(sa_type=sa.LargeBinary())
    size: int
    created_at: datetime = utc_field()
