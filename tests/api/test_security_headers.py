from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from portal_app.api.routes import build_api
from portal_app.api.security import SecurityHeadersMiddleware, cache_policy


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    headers = client.get("/api/health").headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    assert "strict-transport-security" not in headers  # plain http in tests


@pytest.mark.parametrize(
    ("path", "content_type", "expected"),
    [
        ("/sw.js", "text/javascript", "no-cache"),
        ("/assets/root-AbC123.js", "text/javascript", "public, max-age=31536000, immutable"),
        ("/help/", "text/html; charset=utf-8", "no-cache"),
        ("/api/health", "application/json", "no-store"),
        ("/icons/icon-192.png", "image/png", None),
    ],
)
def test_cache_policy(path: str, content_type: str, expected: str | None) -> None:
    policy = cache_policy(path, content_type)
    assert (policy.decode() if policy else None) == expected


def broken(_request):
    raise RuntimeError("SELECT * FROM patient WHERE name = 'Alex'")


def test_a_crash_shows_a_kind_page_without_internals(caplog: pytest.LogCaptureFixture) -> None:
    app = SecurityHeadersMiddleware(build_api((Route("/boom", broken),)))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "tel:988" in response.text
    assert "Traceback" not in response.text and "SELECT" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    # The log names the error type but never its message, which could hold patient data.
    assert "RuntimeError" in caplog.text and "Alex" not in caplog.text


def test_cors_allows_only_the_portal_origin(client: TestClient) -> None:
    allowed = client.options(
        "/api/health",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"},
    )
    refused = client.options(
        "/api/health",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:3000"
    assert "access-control-allow-origin" not in refused.headers


def test_plain_text_routes_keep_their_own_cache_headers() -> None:
    def page(_request):
        return PlainTextResponse("hi", headers={"cache-control": "max-age=5"})

    app = SecurityHeadersMiddleware(Starlette(routes=[Route("/x", page)]))
    with TestClient(app) as test_client:
        assert test_client.get("/x").headers["cache-control"] == "max-age=5"
