"""Fixtures several unit-test modules share: a push service on loopback and VAPID keys."""

from __future__ import annotations

import pytest

from tests.push_service import FakePushService, new_vapid_keys


@pytest.fixture(scope="module")
def service():
    """A real HTTP push service on loopback, one per module (its devices are per test)."""
    with FakePushService() as running:
        yield running


@pytest.fixture
def vapid():
    return new_vapid_keys()
