"""GET /metrics in Prometheus' text format, for the operator only: from this machine
(loopback, after PORTAL_TRUSTED_PROXY_HOPS) or with `Authorization: Bearer
<PORTAL_METRICS_TOKEN>`. Anyone else gets the same "not found" as any unknown address."""

from __future__ import annotations

import hmac
import ipaddress
from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal_app.api.auth import client_address
from portal_app.db import get_engine
from portal_app.safe_logging import new_request_id, request_id_scope
from portal_app.services.operations.metrics import (
    REGISTRY,
    REQUESTS,
    DatabaseFacts,
    area_of,
    exposition,
    status_class,
)
from portal_app.settings import get_settings

REGISTRY.register(DatabaseFacts(get_engine, lambda: datetime.now(UTC)))


def _operator(request: Request) -> bool:
    token = get_settings().metrics_token
    given = request.headers.get("authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


def metrics(request: Request) -> Response:
    if not _operator(request):
        return PlainTextResponse("Not found.", status_code=404)
    return Response(
        exposition(), media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"}
    )


class RequestCounter:
    """Counts every HTTP answer by area and status class (never the path itself), and gives
    each request an id (the proxy's X-Request-Id when it sent a plain one) that its log
    lines carry and its answer names."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = [500]
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = new_request_id(given)

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
                MutableHeaders(scope=message)["X-Request-Id"] = request_id
            await send(message)

        try:
            with request_id_scope(request_id):
                await self.app(scope, receive, counted)
        finally:
            REQUESTS.labels(area_of(scope.get("path", "")), status_class(status[0])).inc()


METRICS_ROUTES = (Route("/metrics", metrics, methods=["GET"]),)
