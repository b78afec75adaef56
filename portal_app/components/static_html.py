"""Finished HTML inside a page: React keeps it as it came and builds nothing for it.

For the parts of every page that never change after the build (the "Get help now" dialog,
the idle warning, the notices that steady.js shows): as React components they were 40% of
each page's elements, and a slow phone built and checked every one of them before the page
answered a tap. The markup comes from server_rendered/html_parts.py, which the offline pages
use too, and works with React not loaded at all.
"""

from __future__ import annotations

import reflex as rx

from portal_app.server_rendered.html_parts import (
    button_html,
    crisis_help_html,
    dialog_html,
    tr_html,
)


def static_html(html: str) -> rx.Component:
    """`html` as it is, in a wrapper that takes no room (display: contents)."""
    return rx.el.div(
        class_name="static-part",
        custom_attrs={"dangerouslySetInnerHTML": {"__html": html}},
    )


def crisis_help() -> rx.Component:
    """The crisis lines and the safety plan link, as on /crisis and after a questionnaire."""
    return static_html(crisis_help_html())


def crisis_dialog() -> rx.Component:
    """Opened by "Get help now" (steady.js), before the app loads and with no network."""
    return static_html(dialog_html("crisis-dialog", "help_now.title", crisis_help_html()))


def idle_dialog() -> rx.Component:
    """Opened by steady.js after 13 idle minutes; the page underneath keeps what was typed."""
    buttons = button_html("idle.stay", icon="check", data="stay-signed-in") + button_html(
        "nav.sign_out", variant="secondary", icon="log-out", data="sign-out"
    )
    body = f'<p>{tr_html("idle.body")}</p><div class="button-list">{buttons}</div>'
    return static_html(dialog_html("idle-dialog", "idle.title", body))


def toast_region(message_keys: tuple[str, ...]) -> rx.Component:
    """A polite live region for short confirmations ("Saved."), shown by steady.toast(key);
    the words are all here ahead of time, so JavaScript never holds text."""
    messages = "".join(
        f'<p data-toast="{key}" hidden>{tr_html(key)} <strong data-toast-count></strong></p>'
        for key in message_keys
    )
    return static_html(
        f'<div aria-live="polite" class="toast" id="steady-toast" role="status">{messages}</div>'
    )
