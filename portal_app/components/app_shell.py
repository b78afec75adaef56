"""The frame of every page: top bar with "Get help now" and "Quick exit", navigation, main.

"Get help now" is a link to /crisis that steady.js turns into a dialog, so it works before
React loads, offline, and without losing anything typed on the page underneath.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.crisis import help_now_button
from portal_app.components.static_html import (
    crisis_dialog,
    idle_dialog,
    static_html,
    toast_region,
)
from portal_app.components.ui import button, link_button, nav_link, paragraph, tr
from portal_app.server_rendered.html_parts import tr_html
from portal_app.settings import get_settings
from portal_app.state.clinic import ClinicState
from portal_app.state.notice import NoticeState
from portal_app.state.viewer import ViewerState

STAFF_OR_CAREGIVER = rx.Var.create(["caregiver", "clinician", "clinic_admin"])
# (key, label, route, icon): the phone's bottom bar shows the first four.
NAV_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("home", "nav.home", "/", "house"),
    ("check_in", "nav.check_in", "/check-in", "smile"),
    ("messages", "nav.messages", "/messages", "message-circle"),
    ("more", "nav.more", "/more", "ellipsis"),
    ("help", "nav.help", "/help", "circle-help"),
    ("settings", "nav.settings", "/settings", "settings"),
)
TOAST_KEYS = (
    "settings.saved",
    "outbox.sent",
    "sign_in.failed",
    "passkey.added",
    "error.passkey_sign_in",
    "error.passkey_add",
)


def _notice(shown: Var[bool], key: str) -> rx.Component:
    return rx.cond(
        shown,
        rx.el.div(
            paragraph(key),
            button("help_now.close", variant="secondary", on_click=NoticeState.dismiss),
            class_name="message message-error",
        ),
    )


def _error_notice() -> rx.Component:
    """Something failed on our side, or the tab sent too much at once: say so kindly; what
    the person typed stays in place."""
    return rx.el.div(
        _notice(NoticeState.error_shown, "error.generic"),
        _notice(NoticeState.slow_down_shown, "error.slow_down"),
        role="alert",
    )


def _language_switch() -> rx.Component:
    """On every screen: the other language, by its own name (works before the app loads)."""
    return rx.el.button(
        rx.el.span("Español", lang="en", class_name="i18n"),
        rx.el.span("English", lang="es", class_name="i18n"),
        type="button",
        class_name="btn btn-quiet lang-switch",
        custom_attrs={"data-switch-lang": ""},
    )


def _top_bar() -> rx.Component:
    return rx.el.header(
        rx.el.span(ClinicState.clinic_name, class_name="brand"),
        _language_switch(),
        rx.el.div(
            help_now_button(),
            link_button(
                "quick_exit.button",
                get_settings().quick_exit_url,
                variant="quiet",
                icon="log-out",
                data={"quick-exit": ""},
            ),
            class_name="topbar-actions",
        ),
        class_name="topbar",
    )


def _helping_bar() -> rx.Component:
    """A caregiver always sees whose things these are, and can switch."""
    return rx.cond(
        ViewerState.helping_name != "",
        rx.el.div(
            rx.el.p(tr("caregivers.you_help"), " ", rx.el.strong(ViewerState.helping_name)),
            link_button("caregivers.switch", "/caregivers", variant="secondary", icon="users"),
            class_name="helping-bar",
        ),
    )


def _hidden_from_caregiver(permission: str) -> Var[bool]:
    return (ViewerState.role == "caregiver") & ~ViewerState.helping_allowed.contains(permission)


def _navigation(active: str, *, class_name: str, items: int) -> rx.Component:
    label_id = f"{class_name}-label"
    return rx.el.nav(
        rx.el.span(tr("nav.label"), id=label_id, class_name="visually-hidden"),
        *(
            # Checking in is the patient's own: no caregiver does it for them, and staff have
            # no check-in of their own (found: a Check in tab on every staff screen).
            rx.cond(STAFF_OR_CAREGIVER.contains(ViewerState.role), rx.fragment(), link)
            if key == "check_in"
            # A caregiver sees Messages only when the person shares them (found: a Messages
            # tab that led to "not allowed").
            else rx.cond(_hidden_from_caregiver("messages.see"), rx.fragment(), link)
            if key == "messages"
            else link
            for key, link in (
                (key, nav_link(label, href, icon, current=key == active))
                for key, label, href, icon in NAV_ITEMS[:items]
            )
        ),
        class_name=class_name,
        custom_attrs={"aria-labelledby": label_id},
    )


def app_shell(*content: rx.Component, active: str) -> rx.Component:
    return rx.el.div(
        static_html(f'<a class="skip-link" href="#main">{tr_html("skip.to_main")}</a>'),
        _top_bar(),
        # Shown by steady.js while the portal cannot be reached (no network or server down).
        static_html(f'<div class="offline-banner" role="status">{tr_html("offline.banner")}</div>'),
        rx.el.div(
            _navigation(active, class_name="sidenav", items=len(NAV_ITEMS)),
            rx.el.main(_helping_bar(), _error_notice(), *content, id="main", tab_index=-1),
            class_name="body",
        ),
        _navigation(active, class_name="bottomnav", items=4),
        crisis_dialog(),
        idle_dialog(),
        toast_region(TOAST_KEYS),
        # steady.js asks with this text before a sign-out would drop unsent check-ins.
        static_html(f'<div hidden id="outbox-warning">{tr_html("outbox.sign_out_warning")}</div>'),
        class_name="shell",
    )
