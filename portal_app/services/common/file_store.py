"""Uploaded files' bytes, kept in the database (table `stored_file`).

Why not a folder: with several app hosts a file written to one host's disk is missing on the
others. Why not PostgreSQL large objects or an S3-compatible store: files here are at most
10 MB and read rarely, so a plain binary column is enough; it works the same on SQLite and
PostgreSQL, is written in the same transaction as the row that points at it (no file without
its row, no row without its file), and the database backup is the one thing to keep.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from portal_app.models import StoredFile


def put(db: Session, key: str, data: bytes, *, now: datetime) -> None:
    db.add(StoredFile(key=key, data=data, size=len(data), created_at=now))


def read(db: Session, key: str) -> bytes | None:
    row = db.get(StoredFile, key)
    return None if row is None else bytes(row.data)


def remove(db: Session, key: str) -> None:
    row = db.get(StoredFile, key)
    if row is not None:
        db.delete(row)


def move(db: Session, old: str, new: str) -> None:
    """Give a file a new key (a draft becoming the shared paper) in the same transaction."""
    row = db.get(StoredFile, old)
    if row is not None:
        row.key = new
        db.add(row)
