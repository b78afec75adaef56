"""Passkey routes over the real ASGI app: a real WebAuthn exchange, and what they refuse."""

from __future__ import annotations

from starlette.testclient import TestClient

from portal_app.settings import get_settings
from tests.api.test_auth_routes import SAME_SITE, cookie_from, handoff_token, session_for
from tests.unit.soft_authenticator import SoftAuthenticator


def signed_in_cookie(client: TestClient) -> str:
    response = client.post(
        "/api/auth/session", json={"kind": "handoff", "token": handoff_token()}, headers=SAME_SITE
    )
    return cookie_from(response)[0]


def test_add_a_passkey_then_sign_in_with_it(client: TestClient) -> None:
    phone = SoftAuthenticator(origin=get_settings().public_origin)
    cookie = signed_in_cookie(client)
    headers = {**SAME_SITE, "Cookie": f"__Host-steady_session={cookie}"}
    options = client.post("/api/auth/passkey/register/options", headers=headers)
    assert options.status_code == 200 and options.headers["cache-control"] == "no-store"
    added = client.post(
        "/api/auth/passkey/register", json=phone.create(options.text), headers=headers
    )
    assert added.json() == {"ok": True}

    client.cookies.clear()
    options = client.post("/api/auth/passkey/sign-in/options", headers=SAME_SITE)
    signed_in = client.post(
        "/api/auth/passkey/sign-in", json=phone.get(options.text), headers=SAME_SITE
    )
    assert signed_in.json() == {"signed_in": True, "language": "en"}
    new_cookie = cookie_from(signed_in)[0]
    assert new_cookie != cookie and session_for(new_cookie).display_name == "Alex Morgan"


def test_adding_needs_a_session_and_everything_needs_our_own_pages(client: TestClient) -> None:
    client.cookies.clear()
    assert client.post("/api/auth/passkey/register/options", headers=SAME_SITE).status_code == 403
    cross_site = {"Sec-Fetch-Site": "cross-site"}
    for path in ("/api/auth/passkey/sign-in/options", "/api/auth/passkey/sign-in"):
        assert client.post(path, headers=cross_site).status_code == 403


def test_nonsense_answers_are_refused_kindly(client: TestClient) -> None:
    for body in (b"not json", b"[]", b"{}", b'{"id": "x", "response": {}}', b"x" * 20_000):
        response = client.post("/api/auth/passkey/sign-in", content=body, headers=SAME_SITE)
        assert response.status_code == 400 and response.json() == {"signed_in": False}
