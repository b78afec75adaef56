"""The Reflex app: head tags, API routes and middleware, page registration. Short on purpose."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.base.error_boundary import ErrorBoundary

from portal_app.api.metrics import RequestCounter
from portal_app.api.routes import build_api
from portal_app.api.security import SecurityHeadersMiddleware
from portal_app.api.site import socket_origin_allowed
from portal_app.api.upload_guard import UploadGuard
from portal_app.background import (
    escalate_alerts_forever,
    reminders_in_process,
    tell_about_alerts_forever,
)
from portal_app.components.head import HEAD
from portal_app.components.ui import link_button, tr
from portal_app.pages import PAGES
from portal_app.safe_logging import configure_portal_logging, install_client_echo_filter
from portal_app.settings import get_settings
from portal_app.state.clinic import ClinicState
from portal_app.state.errors import kind_backend_error, log_frontend_report
from portal_app.state.event_limits import EventRateLimit, FrameworkEventCheck
from portal_app.state.session_binding import BindPersonalStates
from portal_app.state.viewer import BOUND_STATES, ViewerState


def _error_fallback() -> rx.Component:
    """Shown if a page fails to render: kind words and crisis help, never a stack trace."""
    return rx.el.main(
        rx.el.h1(tr("error.page")),
        link_button("help_now.button", "/crisis", variant="crisis", icon="phone"),
        link_button("offline.home", "/", variant="secondary"),
        class_name="stack",
        style={"padding": "1rem"},
    )


def build_app() -> rx.App:
    settings = get_settings()
    configure_portal_logging(settings.log_level, settings.log_format)
    install_client_echo_filter()
    app = rx.App(
        head_components=HEAD,
        html_lang="en",
        app_wraps={
            (55, "ErrorBoundary"): lambda _stateful: ErrorBoundary.create(
                fallback_render=_error_fallback()
            ),
        },
        toaster=None,
        backend_exception_handler=kind_backend_error,
        frontend_exception_handler=log_frontend_report,
        api_transformer=[
            build_api(),
            UploadGuard,
            lambda asgi: SecurityHeadersMiddleware(
                asgi, https=settings.public_origin.startswith("https://")
            ),
            RequestCounter,  # outermost: every answer is counted, pages included
        ],
    )
    # Before anything else sees an event (hydrate included): a flood is refused, Reflex's own
    # handlers get their arguments checked, and no state holds or sends one person's data on
    # a connection whose session is not theirs.
    first = (EventRateLimit(), FrameworkEventCheck(), BindPersonalStates(BOUND_STATES))
    for place, middleware in enumerate(first):
        app.add_middleware(middleware, index=place)
    # Every clinic has its own hostname, so the live connection's Origin is checked against
    # the very host it was opened to (not one configured origin): another site, or another
    # clinic's hostname, cannot open a connection that carries this site's cookie.
    if app.sio is not None:
        app.sio.eio.cors_allowed_origins = socket_origin_allowed
    app.register_lifespan_task(escalate_alerts_forever)
    app.register_lifespan_task(tell_about_alerts_forever)
    app.register_lifespan_task(reminders_in_process)
    for page in PAGES:
        app.add_page(
            page.render,
            route=page.route,
            title=page.title,
            on_load=[
                ClinicState.load_clinic,
                ViewerState.load_viewer,
                *([] if page.public else [ViewerState.require_sign_in]),
                *page.on_load,
            ],
        )
    return app


app = build_app()
