"""POST /api/journal/sync over real HTTP: replays, mixed batches, strangers' ids, bad payloads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select
from starlette.testclient import TestClient

from portal_app.db import get_engine
from portal_app.models import CheckIn, Patient
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from tests.api.test_auth_routes import SAME_SITE
from tests.factories import make_patient

URL = "/api/journal/sync"


def patient_headers() -> tuple[dict[str, str], uuid.UUID]:
    with Session(get_engine()) as db:
        user = make_patient(db, f"sync.{uuid.uuid4().hex[:8]}@example.org", "Sid Sync")
        patient_id = db.exec(select(Patient.id).where(Patient.user_id == user.id)).one()
        token = start_session(db, user.id, now=datetime.now(UTC))
        db.commit()
    return {**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={token}"}, patient_id


def entry(**change) -> dict:
    base = {
        "kind": "check_in",
        "id": str(uuid.uuid4()),
        "recorded_at": datetime.now(UTC).isoformat(),
        "mood": 4,
        "anxiety": 2,
    }
    return {**base, **change}


def stored_count(patient_id: uuid.UUID) -> int:
    with Session(get_engine()) as db:
        return db.exec(select(func.count()).where(CheckIn.patient_id == patient_id)).one()


@pytest.fixture
def headers(client: TestClient) -> tuple[dict[str, str], uuid.UUID]:
    client.cookies.clear()
    return patient_headers()


def test_three_replays_store_each_entry_exactly_once(client: TestClient, headers) -> None:
    cookie, patient_id = headers
    batch = [entry() for _ in range(5)]
    for _ in range(3):
        response = client.post(URL, json={"entries": batch}, headers=cookie)
        assert response.status_code == 200
        assert sorted(response.json()["accepted"]) == sorted(e["id"] for e in batch)
    assert stored_count(patient_id) == 5
    assert response.headers["cache-control"] == "no-store"


def test_a_mixed_batch_keeps_the_good_and_names_the_bad(client: TestClient, headers) -> None:
    cookie, patient_id = headers
    good, bad = entry(), entry(mood=9)
    body = client.post(URL, json={"entries": [good, bad, "nonsense"]}, headers=cookie).json()
    assert body["accepted"] == [good["id"]]
    assert body["rejected"] == [
        {"id": bad["id"], "problem": "invalid mood"},
        {"id": "", "problem": "not an entry"},
    ]
    assert stored_count(patient_id) == 1


def test_the_patient_comes_from_the_session_not_the_payload(client: TestClient, headers) -> None:
    cookie, patient_id = headers
    other_cookie, other_patient = patient_headers()
    theirs = entry(note="private")
    client.post(URL, json={"entries": [theirs]}, headers=other_cookie)
    sneaky = {**theirs, "note": "changed", "patient_id": str(patient_id)}
    body = client.post(
        URL, json={"entries": [sneaky, entry(id=theirs["id"])]}, headers=cookie
    ).json()
    assert body["accepted"] == []
    assert stored_count(other_patient) == 1 and stored_count(patient_id) == 0


@pytest.mark.parametrize(
    ("payload", "status", "says"),
    [
        (b"{not json", 400, "Send JSON like"),
        (b'{"entries": "all of them"}', 400, "must be a list"),
        (b'["entries"]', 400, "Send JSON like"),
        (b'{"entries": [' + b",".join([b"{}"] * 201) + b"]}", 413, "at most 200 entries"),
        (b'{"entries": ["' + b"x" * 600_000 + b'"]}', 413, "at most 512 KB"),
    ],
)
def test_bad_payloads_get_a_clear_4xx(client: TestClient, headers, payload, status, says) -> None:
    cookie, patient_id = headers
    response = client.post(
        URL, content=payload, headers={**cookie, "Content-Type": "application/json"}
    )
    assert response.status_code == status and says in response.json()["error"]
    assert stored_count(patient_id) == 0


def test_no_session_cross_site_and_staff_are_refused(client: TestClient) -> None:
    from tests.api.test_admin_routes import cookie_of

    client.cookies.clear()
    assert client.post(URL, json={"entries": [entry()]}, headers=SAME_SITE).status_code == 401
    cookie, _ = patient_headers()
    cross = {**cookie, "Sec-Fetch-Site": "cross-site"}
    assert client.post(URL, json={"entries": [entry()]}, headers=cross).status_code == 403
    staff = cookie_of("dr.rivera@example.org")
    assert client.post(URL, json={"entries": [entry()]}, headers=staff).status_code == 404


def test_two_devices_racing_with_the_same_entry_store_it_once(client: TestClient, headers) -> None:
    """Two requests at the same moment (a retry racing the original): one row, both told yes."""
    import threading

    from portal_app.models import Role, User
    from portal_app.services.access import Actor
    from portal_app.services.measures.journal import sync

    _, patient_id = headers
    with Session(get_engine()) as db:
        patient = db.get(Patient, patient_id)
        user = db.get(User, patient.user_id)
        actor = Actor(user.id, Role.PATIENT, user.clinic_id)
    same = entry()
    answers: list[list[str]] = []
    start = threading.Barrier(4)

    def send() -> None:
        start.wait()
        with Session(get_engine()) as db:
            result = sync(db, actor, [same], now=datetime.now(UTC))
            db.commit()
        answers.append(result.accepted)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [[same["id"]]] * 4
    assert stored_count(patient_id) == 1
