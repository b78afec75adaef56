"""Reflex configuration. No business logic: settings come from portal_app.settings."""

import os

# Nothing may call out at run time, and the websocket takes small messages only (~64 KB).
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
os.environ.setdefault("REFLEX_HTTP_CLIENT_BIND_ADDRESS", "0.0.0.0")  # noqa: S104 - no outbound use
os.environ.setdefault("REFLEX_USE_NPM", "1")

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from portal_app.build_plugins import PwaPlugin
from portal_app.settings import get_settings

settings = get_settings()
os.environ.setdefault("REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE", str(settings.websocket_max_bytes))

config = rx.Config(
    app_name="portal_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[PwaPlugin()],
    disable_plugins=[SitemapPlugin],
    api_url=settings.public_origin,
    deploy_url=settings.public_origin,
    cors_allowed_origins=[settings.public_origin],
    redis_url=settings.redis_url,
    trusted_proxy_hops=settings.trusted_proxy_hops,
    frontend_port=3000,
    backend_port=8000,
)
