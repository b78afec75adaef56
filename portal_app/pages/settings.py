"""Settings: text size, contrast and language for this device."""

from __future__ import annotations

import reflex as rx

from portal_app.components.preferences import contrast_choice, language_choice, text_size_choice
from portal_app.components.ui import page_heading, stack
from portal_app.pages.registry import portal_page


@portal_page("/settings", "settings.title", active="settings", public=True)
def settings() -> rx.Component:
    return stack(
        page_heading("settings.title", "settings.intro"),
        rx.el.div(
            text_size_choice("text-size"),
            contrast_choice("contrast"),
            language_choice("language"),
            class_name="card stack",
        ),
    )
