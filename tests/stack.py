"""Which backing services a test run uses.

Embedded (default): SQLite in a temporary data directory, Reflex's default state manager.
Scale-out (PORTAL_TEST_STACK=scaleout, set by `make test` when PORTAL_TEST_DATABASE_URL or
PORTAL_TEST_REDIS_URL is set): a fresh PostgreSQL database and Redis, so Reflex runs several
workers.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

SCALEOUT = os.environ.get("PORTAL_TEST_STACK") == "scaleout"


@dataclass
class TestStack:
    data_dir: Path
    database_url: str
    redis_url: str | None
    _admin_url: str | None = None
    _database_name: str | None = None

    @property
    def name(self) -> str:
        return "postgresql+redis" if SCALEOUT else "sqlite"

    def close(self) -> None:
        if self._admin_url and self._database_name:
            drop_postgres_database(self._admin_url, self._database_name)
        shutil.rmtree(self.data_dir, ignore_errors=True)


def as_driver_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def create_postgres_database(admin_url: str) -> tuple[str, str]:
    """A brand-new database on the given server; returns (url, name)."""
    name = f"steady_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(as_driver_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}", name


def drop_postgres_database(admin_url: str, name: str) -> None:
    engine = sa.create_engine(as_driver_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def fresh_database_url(data_dir: Path) -> tuple[str, str | None]:
    """A new, empty database of this run's kind: (url, PostgreSQL name or None)."""
    admin = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if SCALEOUT and admin:
        return create_postgres_database(admin)
    return f"sqlite:///{data_dir / f'fresh-{uuid.uuid4().hex[:8]}.db'}", None


def open_stack() -> TestStack:
    data_dir = Path(tempfile.mkdtemp(prefix="steady-test-"))
    admin = os.environ.get("PORTAL_TEST_DATABASE_URL") if SCALEOUT else None
    redis_url = os.environ.get("PORTAL_TEST_REDIS_URL") if SCALEOUT else None
    if admin:
        url, name = create_postgres_database(admin)
        return TestStack(data_dir, url, redis_url, admin, name)
    return TestStack(data_dir, f"sqlite:///{data_dir / 'portal.db'}", redis_url)


def portal_environment(stack: TestStack) -> dict[str, str]:
    env = {
        "PORTAL_DATA_DIR": str(stack.data_dir),
        "PORTAL_DATABASE_URL": stack.database_url,
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        # The tests' own push service runs on loopback (tests/push_service.py).
        "PORTAL_PUSH_EXTRA_HOSTS": "127.0.0.1",
    }
    if stack.redis_url:
        env["PORTAL_REDIS_URL"] = stack.redis_url
    return env
