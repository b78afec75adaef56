"""Crisis options: real tel:/sms: links, national lines first, the clinic's line when known."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import link_button, tr
from portal_app.content.crisis import CRISIS_OPTIONS, CrisisOption
from portal_app.state.clinic import ClinicState

KIND_ICONS = {"call": "phone", "text": "message-square", "chat": "globe"}


def _option(option: CrisisOption) -> rx.Component:
    external = {"target": "_blank", "rel": "noopener noreferrer"} if option.kind == "chat" else {}
    return rx.el.li(
        rx.el.a(
            rx.icon(KIND_ICONS[option.kind], size=26, aria_hidden="true"),
            rx.el.span(
                rx.el.strong(tr(f"crisis.{option.key}.title")),
                rx.el.span(tr(f"crisis.{option.key}.detail"), class_name="crisis-detail"),
                class_name="crisis-text",
            ),
            href=option.href,
            class_name="crisis-option" + (" crisis-urgent" if option.urgent else ""),
            **external,
        )
    )


def _clinic_after_hours() -> rx.Component:
    return rx.cond(
        ClinicState.after_hours_href != "",
        rx.el.li(
            rx.el.a(
                rx.icon("phone", size=26, aria_hidden="true"),
                rx.el.span(
                    rx.el.strong(tr("crisis.clinic.title")),
                    rx.el.span(ClinicState.after_hours_phone, class_name="crisis-detail"),
                    class_name="crisis-text",
                ),
                href=ClinicState.after_hours_href,
                class_name="crisis-option",
            )
        ),
    )


def crisis_options() -> rx.Component:
    return rx.el.div(
        rx.el.p(tr("help_now.intro"), class_name="lead"),
        rx.el.ul(
            *(_option(option) for option in CRISIS_OPTIONS),
            _clinic_after_hours(),
            class_name="crisis-list",
        ),
        rx.el.p(tr("help_now.calls_work_offline")),
        # The patient's own plan: one tap from "Get help now".
        # Always there (offline the page has no idea who is signed in): the service worker
        # opens the copy kept on this device for the person signed in, or says there is none.
        rx.el.a(
            rx.icon("shield", size=22, aria_hidden="true", class_name="btn-icon"),
            tr("safety.open"),
            href="/safety-plan",
            class_name="btn btn-secondary",
            # A real page load, so that offline the service worker can answer it.
            custom_attrs={"reloadDocument": True},
        ),
    )


def help_now_button() -> rx.Component:
    """The "Get help now" link: it opens the crisis dialog in place (steady.js),
    so it works before the app has loaded and with the network down."""
    return link_button(
        "help_now.button",
        "/crisis",
        variant="crisis",
        icon="phone",
        data={"opens-dialog": "crisis-dialog"},
    )
