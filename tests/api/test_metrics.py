"""/metrics over HTTP: figures for the operator (this machine, or their token), "not found"
for anyone else, and nothing about any person in any label."""

from __future__ import annotations

import re
import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from portal_app.settings import get_settings
from tests.api.test_journal_sync import URL as SYNC
from tests.api.test_journal_sync import entry, patient_headers

TOKEN = "m" * 40


def from_this_machine(client: TestClient) -> TestClient:
    return TestClient(client.app, base_url="http://localhost:3000", client=("127.0.0.1", 50123))


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_only_the_operator_gets_the_figures(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "metrics_token", TOKEN)
    stranger = client.get("/metrics")  # the test client's address is not this machine's
    assert (stranger.status_code, stranger.text) == (404, "Not found.")
    wrong = client.get("/metrics", headers={"Authorization": "Bearer " + "x" * 40})
    assert wrong.status_code == 404
    with_token = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert with_token.status_code == 200
    local = from_this_machine(client).get("/metrics")
    assert local.status_code == 200 and local.headers["content-type"].startswith("text/plain")
    assert local.headers["cache-control"] == "no-store"
    names = {name for name, _labels in samples(local.text)}
    assert {
        "steady_http_requests_total",
        "steady_reminders_last_24h",
        "steady_reminders_overdue",
        "steady_open_risk_alerts",
        "steady_db_pool_size",
    } <= names


def test_the_figures_move_with_what_happens_and_name_nobody(client: TestClient) -> None:
    operator = from_this_machine(client)
    before = samples(operator.get("/metrics").text)
    client.cookies.clear()
    cookie, _patient = patient_headers()
    answer = client.post(SYNC, json={"entries": [entry(), entry(), {"kind": "?"}]}, headers=cookie)
    assert answer.status_code == 200
    client.get(f"/api/records/{uuid.uuid4()}/file")  # an id in the path: never in a label
    text = operator.get("/metrics").text
    after = samples(text)
    synced = ("steady_sync_entries_total", (("outcome", "accepted"),))
    refused = ("steady_sync_entries_total", (("outcome", "rejected"),))
    assert after[synced] - before.get(synced, 0) == 2
    assert after[refused] - before.get(refused, 0) == 1
    api_ok = ("steady_http_requests_total", (("area", "api"), ("status", "2xx")))
    assert after[api_ok] - before.get(api_ok, 0) >= 1
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-|\b[0-9a-f]{32}\b", text)  # no ids
    assert "@" not in text and "Sid Sync" not in text and "/api/" not in text


def test_every_answer_names_its_request_id(client: TestClient) -> None:
    mine = client.get("/api/health").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{16}", mine)
    assert client.get("/api/health").headers["x-request-id"] != mine  # one per request
    given = "5f1c0e7a9d2b4c6e8f0a1b2c3d4e5f60"  # nginx's $request_id
    assert (
        client.get("/api/health", headers={"X-Request-Id": given}).headers["x-request-id"] == given
    )
    forged = client.get("/api/health", headers={"X-Request-Id": "a\\nFAKE log line"})
    assert re.fullmatch(r"[0-9a-f]{16}", forged.headers["x-request-id"])
