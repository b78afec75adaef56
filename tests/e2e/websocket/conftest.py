"""The authorization tests over a raw Socket.IO client: no browser, so one run each is enough."""

from __future__ import annotations

import pytest

from tests.e2e.raw_socket import other_clinic_session


@pytest.fixture(scope="module")
def other_clinic_clinician() -> str:
    """A signed-in clinician of another clinic."""
    return other_clinic_session()


@pytest.fixture(params=["desktop"])
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)
