"""Database engine and sessions: SQLite (WAL) by default, PostgreSQL via PORTAL_DATABASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from portal_app.settings import get_settings


def make_engine(url: str) -> Engine:
    """Build an engine; SQLite gets WAL, foreign keys, a busy timeout and queued writers."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Let SQLAlchemy say when transactions begin (see _begin_immediate); savepoints work too.
    dbapi_connection.isolation_level = None


def _begin_immediate(connection: Any) -> None:
    """Each transaction takes SQLite's write lock at its start, so concurrent writers queue
    (busy timeout) instead of one failing when it upgrades a stale read snapshot. The audit
    chain needs this: two appends must never both read the same head. (Not for read_scope,
    which has no transaction.)"""
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().sqlalchemy_url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception as error:
            session.rollback()
            _record_after_rollback(error)
            raise


def _record_after_rollback(error: Exception) -> None:
    """What must be kept even though the work failed (a refused look at a patient's record,
    services/access.py), in a transaction of its own."""
    keep = getattr(error, "audit_after_rollback", None)
    if keep is None:
        return
    with Session(get_engine(), expire_on_commit=False) as session:
        keep(session)
        session.commit()


@contextmanager
def read_scope() -> Iterator[Session]:
    """For reads on the hot path only (the session check before every event, the clinic's
    public details): each statement stands alone, with no transaction to begin and end, so
    one round trip to PostgreSQL instead of three, and on SQLite no write lock to wait for.
    Never write through it: nothing here is all-or-nothing."""
    engine = get_engine().execution_options(isolation_level="AUTOCOMMIT")
    with Session(engine, expire_on_commit=False) as session:
        yield session
