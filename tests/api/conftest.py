"""The real backend ASGI app, in-process (Reflex app + our routes + middleware)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient


@pytest.fixture(scope="session")
def client(migrated_database: str, stack) -> Iterator[TestClient]:
    # Compile into the run's own folder, never into the developer's .web.
    os.environ["REFLEX_WEB_WORKDIR"] = str(stack.data_dir / "web")
    os.environ["REFLEX_STATES_WORKDIR"] = str(stack.data_dir / "states")
    from portal_app import background
    from portal_app.portal_app import app

    # This process shares the database with the live servers: it must not claim their alert
    # notices or reminders (CI: a notice claimed here was never pushed to the clinician).
    background.WORK_HERE = False
    with TestClient(app(), base_url="http://localhost:3000") as test_client:
        yield test_client
