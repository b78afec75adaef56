"""Two clinics on one install, over real HTTP: each hostname shows its own clinic, and a
session of any role of one clinic reads and writes nothing at the other's hostname (the
browser would never send the cookie there; an attacker who copies it gains nothing)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select
from starlette.testclient import TestClient

from portal_app.db import get_engine
from portal_app.models import AuditEvent, CheckIn, PushSubscription, User
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from portal_app.services.identity.sign_in import HANDOFF, issue_token

RIVERSIDE, HARBOR = "localhost:3000", "127.0.0.1:3000"
ALEX_PATIENT = demo_id("patient", "alex@example.org")
MARIA_PATIENT = demo_id("patient", "maria@harbor.example")
RIVERSIDE_PEOPLE = {
    "patient": "alex@example.org",
    "clinician": "dr.rivera@example.org",
    "caregiver": "sam@example.org",
    "clinic_admin": "admin@example.org",
}


def at(host: str, email: str | None = None) -> dict[str, str]:
    """Headers of a same-origin request to `host`, carrying `email`'s live session if given."""
    headers = {"host": host, "origin": f"http://{host}", "sec-fetch-site": "same-origin"}
    if email:
        with Session(get_engine()) as db:
            user_id = db.exec(select(User.id).where(User.email == email)).one()
            token = start_session(db, user_id, now=datetime.now(UTC))
            db.commit()
        headers["cookie"] = f"{SESSION_COOKIE}={token}"
    return headers


def counts() -> tuple[int, int, int]:
    with Session(get_engine()) as db:
        return (
            db.exec(select(func.count()).select_from(CheckIn)).one(),
            db.exec(select(func.count()).select_from(PushSubscription)).one(),
            db.exec(
                select(func.count()).where(
                    AuditEvent.patient_id.in_([ALEX_PATIENT, MARIA_PATIENT])  # type: ignore[union-attr]
                )
            ).one(),
        )


def test_each_hostname_shows_its_own_clinic(client: TestClient) -> None:
    riverside = client.get("/api/clinic", headers=at(RIVERSIDE)).json()
    harbor = client.get("/api/clinic", headers=at(HARBOR)).json()
    assert riverside["name"] == "Riverside Behavioral Health"
    assert harbor["name"] == "Harbor Counseling Center"
    assert harbor["after_hours_phone_es"] == "(555) 020-0188"
    assert harbor["default_language"] == "es"
    manifests = [
        client.get("/manifest.webmanifest", headers=at(host)) for host in (RIVERSIDE, HARBOR)
    ]
    assert all(m.headers["content-type"].startswith("application/manifest+json") for m in manifests)
    (r, h) = (m.json() for m in manifests)
    assert (r["name"], r["theme_color"]) == ("Riverside Behavioral Health", "#1d4e89")
    assert (h["name"], h["short_name"], h["theme_color"], h["lang"]) == (
        "Harbor Counseling Center",
        "Harbor",
        "#7a2e5c",
        "es",
    )
    css = client.get("/clinic.css", headers=at(HARBOR))
    assert "--brand:#7a2e5c" in css.text and css.headers["cache-control"] == "no-cache"
    again = client.get("/clinic.css", headers={**at(HARBOR), "if-none-match": css.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("role", sorted(RIVERSIDE_PEOPLE))
def test_a_session_of_one_clinic_opens_nothing_at_the_other(client: TestClient, role: str) -> None:
    harbor = at(HARBOR, RIVERSIDE_PEOPLE[role])
    before = counts()
    assert client.post("/api/auth/ping", headers=harbor).json() == {"signed_in": False}
    assert client.post("/api/account/language", json={"language": "es"}, headers=harbor).json() == {
        "saved": False
    }
    entry = {"kind": "check_in", "id": str(uuid.uuid4()), "mood": 2, "anxiety": 4}
    entry["recorded_at"] = datetime.now(UTC).isoformat()
    sync = client.post("/api/journal/sync", json={"entries": [entry]}, headers=harbor)
    assert sync.status_code == 401
    subscription = {
        "endpoint": "https://push.example/x",
        "keys": {"p256dh": "a" * 87, "auth": "b" * 22},
    }
    assert client.post("/api/push/subscribe", json=subscription, headers=harbor).status_code >= 400
    for path in (
        "/api/safety-plan",
        "/api/record/summary",
        f"/api/fhir/Patient/{ALEX_PATIENT}/$everything",
        f"/api/fhir/Patient/{MARIA_PATIENT}/$everything",
    ):
        response = client.get(path, headers=harbor)
        assert response.status_code in (401, 403, 404), path
        assert "Alex" not in response.text and "María" not in response.text
    assert client.post("/api/admin/audit.csv", headers=harbor).status_code in (401, 403, 404)
    assert counts() == before  # 0 writes, and 0 audited reads of either clinic's patient


def test_a_sign_in_token_of_one_clinic_is_refused_at_the_other(client: TestClient) -> None:
    with Session(get_engine()) as db:
        token = issue_token(
            db, demo_id("user", "maria@harbor.example"), HANDOFF, now=datetime.now(UTC)
        )
        db.commit()
    body = {"kind": "handoff", "token": token}
    refused = client.post("/api/auth/session", json=body, headers=at(RIVERSIDE))
    assert refused.status_code == 400 and "set-cookie" not in refused.headers


def test_a_request_from_another_clinics_page_is_refused(client: TestClient) -> None:
    """Without Sec-Fetch-Site (older browsers), the Origin must be the host's own."""
    headers = {**at(HARBOR, "maria@harbor.example"), "origin": "http://localhost:3000"}
    del headers["sec-fetch-site"]
    assert client.post("/api/auth/ping", headers=headers).status_code == 403
    headers["origin"] = "http://127.0.0.1:3000"
    assert client.post("/api/auth/ping", headers=headers).json()["signed_in"] is True


def test_a_clinician_asking_for_another_clinics_patient_gets_not_found(client: TestClient) -> None:
    riverside = at(RIVERSIDE, "dr.rivera@example.org")
    response = client.get(f"/api/fhir/Patient/{MARIA_PATIENT}/$everything", headers=riverside)
    assert response.status_code == 404 and "María" not in response.text
