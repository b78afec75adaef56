"""Page not found: plain words and a way home, with crisis help in the shell as always."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import link_button, page_heading, stack
from portal_app.pages.registry import portal_page


@portal_page("404", "not_found.title", public=True)
def not_found() -> rx.Component:
    return stack(
        page_heading("not_found.title", "not_found.body"),
        link_button("offline.home", "/", icon="house"),
    )
