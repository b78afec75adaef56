"""The session cookie routes over the real ASGI app."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal_app.db import get_engine
from portal_app.models import AuditEvent
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.device_trust import DEVICE_COOKIE, known_device
from portal_app.services.identity.sessions import SESSION_COOKIE, resolve_session
from portal_app.services.identity.sign_in import HANDOFF, issue_token
from portal_app.settings import get_settings
from tests.factories import DEMO_CLINIC

ALEX = demo_id("user", "alex@example.org")
SAME_SITE = {"Sec-Fetch-Site": "same-origin"}


def handoff_token() -> str:
    with Session(get_engine()) as db:
        token = issue_token(db, ALEX, HANDOFF, now=datetime.now(UTC))
        db.commit()
    return token


def session_for(cookie: str):
    with Session(get_engine()) as db:
        return resolve_session(
            db, cookie, clinic_id=DEMO_CLINIC, now=datetime.now(UTC), touch=False
        )


def cookie_from(response) -> tuple[str, str]:
    header = response.headers["set-cookie"]
    name_value = header.split(";", 1)[0]
    name, value = name_value.split("=", 1)
    assert name == SESSION_COOKIE
    return value, header.lower()


def test_a_handoff_becomes_a_secure_session_cookie(client: TestClient) -> None:
    response = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": handoff_token()}, headers=SAME_SITE
    )
    assert response.status_code == 200
    value, header = cookie_from(response)
    for attribute in ("httponly", "secure", "samesite=lax", "path=/"):
        assert attribute in header
    assert "domain=" not in header  # __Host- cookies must not name a domain
    assert session_for(value).user_id == ALEX


def test_another_site_cannot_sign_someone_in(client: TestClient) -> None:
    token = handoff_token()
    refused = client.post(
        "/api/auth/session",
        json={"kind": "handoff", "token": token},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    no_origin = client.post(
        "/api/auth/session",
        json={"kind": "handoff", "token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert no_origin.status_code == 403
    # The token was not used up by the refused tries.
    ok = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": token}, headers=SAME_SITE
    )
    assert ok.status_code == 200


def test_a_token_signs_in_only_once(client: TestClient) -> None:
    token = handoff_token()
    first = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": token}, headers=SAME_SITE
    )
    again = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": token}, headers=SAME_SITE
    )
    assert first.status_code == 200 and again.status_code == 400
    assert "set-cookie" not in again.headers


def test_garbage_is_refused_kindly(client: TestClient) -> None:
    for body in ({}, {"kind": "password", "token": "x"}, {"kind": "handoff"}, ["nope"]):
        response = client.post("/api/auth/session", json=body, headers=SAME_SITE)
        assert response.status_code == 400
        assert response.json() == {"signed_in": False}


def test_sign_out_ends_the_session_at_once(client: TestClient) -> None:
    response = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": handoff_token()}, headers=SAME_SITE
    )
    value, _ = cookie_from(response)
    out = client.post(
        "/api/auth/sign-out", headers={**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={value}"}
    )
    assert out.status_code == 200
    assert session_for(value) is None
    assert "max-age=0" in out.headers["set-cookie"].lower()


def test_sign_in_and_out_are_audited(client: TestClient) -> None:
    response = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": handoff_token()}, headers=SAME_SITE
    )
    value, _ = cookie_from(response)
    client.post("/api/auth/sign-out", headers={**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={value}"})
    with Session(get_engine()) as db:
        actions = [
            e.action
            for e in db.exec(
                select(AuditEvent)
                .where(AuditEvent.actor_id == ALEX)
                .order_by(AuditEvent.seq.desc())
            ).all()[:2]
        ]
    assert actions == ["sign_out", "sign_in.handoff"]


def test_an_email_link_alone_never_signs_in_staff(client: TestClient) -> None:
    from portal_app.services.identity.sign_in import EMAIL_LINK

    with Session(get_engine()) as db:
        token = issue_token(
            db, demo_id("user", "admin@example.org"), EMAIL_LINK, now=datetime.now(UTC)
        )
        db.commit()
    response = client.post(
        "/api/auth/session", json={"kind": "email_link", "token": token}, headers=SAME_SITE
    )
    assert response.status_code == 400 and "set-cookie" not in response.headers


def test_the_language_chosen_on_a_device_is_kept_on_the_account(client: TestClient) -> None:
    from portal_app.models import Language, User

    response = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": handoff_token()}, headers=SAME_SITE
    )
    cookie = {**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={cookie_from(response)[0]}"}
    try:
        for language, saved in (("es", True), ("fr", False)):
            answer = client.post(
                "/api/account/language", json={"language": language}, headers=cookie
            )
            assert answer.json() == {"saved": saved}
        with Session(get_engine()) as db:
            assert db.get(User, ALEX).language is Language.SPANISH
        client.cookies.clear()
        anonymous = client.post("/api/account/language", json={"language": "en"}, headers=SAME_SITE)
        assert anonymous.json() == {"saved": False}
    finally:
        client.post("/api/account/language", json={"language": "en"}, headers=cookie)


def test_signing_in_remembers_this_device_with_a_cookie_that_names_no_one(client):
    answer = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": handoff_token()}, headers=SAME_SITE
    )
    device = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(DEVICE_COOKIE))
    assert {"Secure", "HttpOnly", "SameSite=strict"} <= {p.strip() for p in device.split(";")}
    assert "alex" not in device.lower() and str(demo_id("user", "alex@example.org")) not in device
    value = device.split(";", 1)[0].split("=", 1)[1]
    secret = str(get_settings().secret_key)
    assert known_device(secret, demo_id("user", "alex@example.org"), value)
    assert known_device(secret, demo_id("user", "jordan@example.org"), value) is None


def test_the_client_address_comes_from_the_proxy_only_when_one_is_configured(monkeypatch):
    from starlette.requests import Request

    from portal_app.api.auth import client_address

    def request(forwarded: str) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())]
        return Request({"type": "http", "headers": headers, "client": ("10.0.0.5", 1)})

    assert client_address(request("203.0.113.7")) == "10.0.0.5"  # no proxy: never trusted
    monkeypatch.setattr(get_settings(), "trusted_proxy_hops", 1)
    assert client_address(request("198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    monkeypatch.setattr(get_settings(), "trusted_proxy_hops", 2)
    assert client_address(request("198.51.100.1, 203.0.113.7")) == "198.51.100.1"
    assert client_address(request("")) == "10.0.0.5"
