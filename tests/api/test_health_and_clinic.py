from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from portal_app.db import make_engine
from portal_app.services.common.health import database_ok, redis_ok
from portal_app.settings import get_settings
from tests.stack import SCALEOUT


def test_health_reports_each_configured_service(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    expected = {"status": "ok", "database": "ok"}
    if SCALEOUT and get_settings().redis_url:
        expected["redis"] = "ok"
    assert response.json() == expected
    assert response.headers["cache-control"] == "no-store"


def test_health_says_down_when_redis_is_unreachable(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real connection attempt to a port where nothing listens.
    monkeypatch.setenv("PORTAL_REDIS_URL", "redis://127.0.0.1:1/0")
    get_settings.cache_clear()
    try:
        response = client.get("/api/health")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "redis": "down"}


def test_database_check_fails_on_an_unreachable_server() -> None:
    assert database_ok(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")) is False
    assert redis_ok("redis://127.0.0.1:1/0") is False


def test_clinic_route_gives_public_facts_only(client: TestClient) -> None:
    response = client.get("/api/clinic")
    assert response.status_code == 200
    info = response.json()
    assert info["name"] == "Riverside Behavioral Health"
    assert info["after_hours_phone"] == "(555) 010-0199"
    assert set(info) == {
        "slug",
        "name",
        "phone",
        "after_hours_phone",
        "crisis_line",
        "primary_color",
        "accent_color",
        "after_hours_phone_es",
        "default_language",
        "usual_reply_hours",
    }
