"""Public JSON routes: health for operators and the clinic's public facts for offline pages."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from portal_app.api.admin import ADMIN_ROUTES
from portal_app.api.attachments import ATTACHMENT_ROUTES
from portal_app.api.auth import AUTH_ROUTES
from portal_app.api.branding import BRANDING_ROUTES
from portal_app.api.embed import EMBED_ROUTES
from portal_app.api.fhir import FHIR_ROUTES
from portal_app.api.journal import JOURNAL_ROUTES
from portal_app.api.metrics import METRICS_ROUTES
from portal_app.api.passkeys import PASSKEY_ROUTES
from portal_app.api.push import PUSH_ROUTES
from portal_app.api.records import RECORD_ROUTES
from portal_app.api.safety_plan import SAFETY_PLAN_ROUTES
from portal_app.api.security import server_error
from portal_app.api.sso import SSO_ROUTES
from portal_app.api.visits import VISIT_ROUTES
from portal_app.db import get_engine
from portal_app.services.common.health import database_ok, redis_ok
from portal_app.settings import get_settings


def health(_request: Request) -> JSONResponse:
    """200 when every configured backing service answers, 503 otherwise; never any details."""
    settings = get_settings()
    checks = {"database": "ok" if database_ok(get_engine()) else "down"}
    if settings.redis_url:
        checks["redis"] = "ok" if redis_ok(settings.redis_url) else "down"
    healthy = all(state == "ok" for state in checks.values())
    body = {"status": "ok" if healthy else "down", **checks}
    return JSONResponse(body, status_code=200 if healthy else 503)


ROUTES = (
    Route("/api/health", health, methods=["GET"]),
    *METRICS_ROUTES,
    *BRANDING_ROUTES,
    *EMBED_ROUTES,
    *AUTH_ROUTES,
    *SSO_ROUTES,
    *PASSKEY_ROUTES,
    *ADMIN_ROUTES,
    *JOURNAL_ROUTES,
    *PUSH_ROUTES,
    *ATTACHMENT_ROUTES,
    *VISIT_ROUTES,
    *FHIR_ROUTES,
    *RECORD_ROUTES,
    *SAFETY_PLAN_ROUTES,
)


def build_api(routes: tuple[Route, ...] = ROUTES) -> Starlette:
    """Our routes, with the kind error page for anything that fails inside them."""
    return Starlette(routes=list(routes), exception_handlers={Exception: server_error})
