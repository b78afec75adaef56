"""Messages before it is built: say plainly what will be behind the sign-in."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import link_button, page_heading, paragraph, stack
from portal_app.pages.registry import portal_page


@portal_page("/messages", "messages.title", active="messages")
def messages() -> rx.Component:
    return stack(
        page_heading("messages.title"),
        rx.el.div(paragraph("messages.not_emergency"), class_name="notice"),
        rx.el.div(
            paragraph("messages.body"),
            link_button("nav.sign_in", "/sign-in", icon="log-in"),
            class_name="card",
        ),
    )
