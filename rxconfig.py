"""Reflex configuration. No business logic: settings come from portal_app.settings."""

import os

# Nothing may call out at run time, and the websocket takes small messages only (~64 KB).
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
os.environ.setdefault("REFLEX_HTTP_CLIENT_BIND_ADDRESS", "0.0.0.0")  # noqa: S104 - no outbound use
os.environ.setdefault("REFLEX_USE_NPM", "1")

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from portal_app.build_plugins import PwaPlugin
from portal_app.services.identity.sessions import IDLE_TIMEOUT
from portal_app.settings import get_settings

settings = get_settings()
os.environ.setdefault("REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE", str(settings.websocket_max_bytes))
# A tab's whole state stays far below this (about 26 KB in Redis for the largest seen under
# load, tests/e2e/test_cluster_failure.py): Reflex warns in the log past 256 KB.
os.environ.setdefault("REFLEX_STATE_SIZE_LIMIT", "256")

config = rx.Config(
    app_name="portal_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[PwaPlugin()],
    disable_plugins=[SitemapPlugin],
    api_url=settings.api_url_for_build,
    deploy_url=settings.public_origin,
    cors_allowed_origins=[settings.public_origin],
    redis_url=settings.redis_url,
    # With Redis (several processes or hosts), chosen on purpose (deploy/README.md):
    # an event may hold its tab's state for up to 4 s (Reflex's default is 10 s). Handlers
    # take milliseconds; this is also how long a tab waits when its host dies in the middle
    # of one of its events (the dead host's lock must run out first), and people should be
    # back within 5 s. An event past it keeps what it wrote to the database, but Reflex
    # drops its screen update rather than let two events change one state;
    redis_lock_expiration=4_000,
    # an event holding it for more than 1 s is logged, so slow handlers show up;
    redis_lock_warning_threshold=1_000,
    # and a tab's state (health data) leaves Redis 15 minutes after its last event: the
    # sign-in's own idle timeout, after which that tab is signed out anyway.
    redis_token_expiration=int(IDLE_TIMEOUT.total_seconds()),
    trusted_proxy_hops=settings.trusted_proxy_hops,
    frontend_port=3000,
    backend_port=8000,
)
