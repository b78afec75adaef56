"""More: everything that does not fit in the phone's bottom bar."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import link_button, page_heading, stack
from portal_app.pages.registry import portal_page


@portal_page("/more", "more.title", active="more")
def more() -> rx.Component:
    return stack(
        page_heading("more.title"),
        rx.el.div(
            link_button("nav.settings", "/settings", variant="secondary", icon="settings"),
            link_button("nav.help", "/help", variant="secondary", icon="circle-help"),
            link_button("nav.sign_in", "/sign-in", variant="secondary", icon="log-in"),
            class_name="button-list",
        ),
    )
