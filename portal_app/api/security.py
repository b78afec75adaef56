"""Security and cache headers on every HTTP response, and a kind page instead of a crash.

Pure ASGI (not BaseHTTPMiddleware) so it also wraps the static frontend in `--env prod`,
and never buffers streamed responses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from starlette.responses import HTMLResponse

from portal_app.build_plugins import CSP_HASHES_FILE, SPA_FALLBACK_KEY
from portal_app.content.catalog import text
from portal_app.safe_logging import describe_exception

logger = logging.getLogger("portal.http")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP_AFTER_SCRIPTS = "; ".join(
    (
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()"
)
STATIC_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", PERMISSIONS_POLICY.encode()),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
IMMUTABLE = b"public, max-age=31536000, immutable"
EMBEDDED = "/embed/"  # api/embed.py


def content_security_policy(script_hashes: tuple[str, ...] = ()) -> str:
    """No inline script runs but the page's own, named by hash: an injected one cannot."""
    scripts = " ".join(("'self'", *script_hashes))
    return f"default-src 'self'; script-src {scripts}; {CSP_AFTER_SCRIPTS}"


class PageScripts:
    """Each prerendered page's inline-script hashes, written by the build (build_plugins.py);
    read again whenever a new build replaces the file."""

    def __init__(self) -> None:
        self._seen: float | None = None
        self._table: dict[str, list[str]] = {}

    def _file(self) -> Path:
        from reflex.utils.prerequisites import get_web_dir

        return get_web_dir() / "build" / CSP_HASHES_FILE

    def _current(self) -> dict[str, list[str]]:
        try:
            changed = self._file().stat().st_mtime
        except OSError:
            return {}
        if changed != self._seen:
            self._table, self._seen = json.loads(self._file().read_text("utf-8")), changed
        return self._table

    def for_path(self, path: str) -> tuple[str, ...]:
        table = self._current()
        return tuple(table.get(path, table.get(SPA_FALLBACK_KEY, [])))

    def page_address(self, path: str) -> str:
        """/help is answered with the prerendered /help/ itself, not a redirect to it: on a
        slow phone network each redirect costs a whole round trip before anything shows."""
        if path.endswith("/") or "." in path.rsplit("/", 1)[-1]:
            return path
        return path + "/" if path + "/" in self._current() else path


def cache_policy(path: str, content_type: str) -> bytes | None:
    """Hashed build files never change; the worker, pages and API must always be fresh."""
    if path == "/sw.js":
        return b"no-cache"
    if path.startswith("/api/"):
        return b"no-store"
    if path.startswith("/assets/"):
        return IMMUTABLE
    if content_type.startswith("text/html"):
        return b"no-cache"
    return None


def error_page() -> bytes:
    """A plain, bilingual page with crisis help: no stack trace, no internals."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Steady</title><link rel='stylesheet' href='/steady.css'></head>"
        "<body><main class='stack' style='padding:1rem'>"
        f"<h1>{text('error.page', 'en')}</h1><p lang='es'>{text('error.page', 'es')}</p>"
        f"<p><a class='btn btn-crisis' href='tel:988'>{text('crisis.call_988.title', 'en')}</a></p>"
        f"<p><a class='btn btn-secondary' href='/'>{text('offline.home', 'en')}</a></p>"
        "</main></body></html>"
    ).encode()


async def server_error(_request: Any, _error: Exception) -> HTMLResponse:
    """Starlette's handler for errors inside our routes (logged by the middleware below)."""
    return HTMLResponse(error_page(), status_code=500)


def own_location(location: bytes, request_host: bytes) -> bytes:
    """A redirect built from the request's Host header becomes a path on the same site: a
    forged Host must never turn our redirect into a link to another site, and each clinic's
    hostname keeps its own visitors (services/clinic/tenancy.py)."""
    parts = urlsplit(location.decode("latin-1"))
    if not parts.netloc or parts.netloc.encode("latin-1").lower() != request_host.lower():
        return location
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)).encode("latin-1")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https
        self.pages = PageScripts()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if scope.get("method") in ("GET", "HEAD") and not path.startswith("/api/"):
            page = self.pages.page_address(path)
            if page != path:
                scope = {**scope, "path": page, "raw_path": page.encode()}
                path = page
        host = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                if 300 <= message.get("status", 200) < 400:
                    headers = [
                        (k, own_location(v, host) if k == b"location" else v) for k, v in headers
                    ]
                message["headers"] = self._headers(path, headers, message.get("status", 200))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:
            logger.error("Unhandled error on %s: %s", path, describe_exception(error))
            if not started:
                await self._send_error(send)

    def _headers(
        self, path: str, headers: list[tuple[bytes, bytes]], status: int = 200
    ) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in headers}
        content_type = next((v.decode() for k, v in headers if k.lower() == b"content-type"), "")
        extra = [h for h in STATIC_HEADERS if h[0] not in present]
        if path.startswith(EMBEDDED):  # framed by the clinic's own sites: their CSP says which
            extra = [h for h in extra if h[0] != b"x-frame-options"]
        # A 304's headers replace the cached page's: it must not bring a policy of its own
        # (it has no content type to tell which page's scripts to allow).
        if b"content-security-policy" not in present and status != 304:
            scripts = self.pages.for_path(path) if content_type.startswith("text/html") else ()
            extra.append((b"content-security-policy", content_security_policy(scripts).encode()))
        policy = cache_policy(path, content_type)
        if policy is not None:
            headers = [h for h in headers if h[0].lower() != b"cache-control"]
            extra.append((b"cache-control", policy))
        if self.https:
            extra.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
        return headers + extra

    async def _send_error(self, send: Send) -> None:
        body = error_page()
        await send(
            {
                "type": "http.response.start",
                "status": 500,
                "headers": self._headers(
                    "",
                    [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                ),
            }
        )
        await send({"type": "http.response.body", "body": body})
