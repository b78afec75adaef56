"""A card: a titled, bordered group of related content."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui.text import tr


def card(title_key: str, *children: rx.Component, level: int = 2) -> rx.Component:
    heading = rx.el.h3 if level == 3 else rx.el.h2
    return rx.el.section(
        heading(tr(title_key), class_name="card-title"), *children, class_name="card"
    )
