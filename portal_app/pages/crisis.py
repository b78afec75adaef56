"""Get help now, as a page: where the button leads when the dialog cannot open."""

from __future__ import annotations

import reflex as rx

from portal_app.components.static_html import crisis_help
from portal_app.components.ui import page_heading, stack
from portal_app.pages.registry import portal_page


@portal_page("/crisis", "help_now.title", public=True)
def crisis() -> rx.Component:
    return stack(page_heading("help_now.title"), crisis_help())
