"""A card: a titled, bordered group of related content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from portal_app.components.ui.text import paragraph, tr


def card(title_key: str, *children: rx.Component, level: int = 2) -> rx.Component:
    heading = rx.el.h3 if level == 3 else rx.el.h2
    return rx.el.section(
        heading(tr(title_key), class_name="card-title"), *children, class_name="card"
    )


def list_card(
    title_key: str,
    rows: Any,
    row: Callable[[Any], rx.Component],
    empty_key: str,
    *before: rx.Component,
) -> rx.Component:
    """A card with a list of rows, or a plain sentence when there are none (never an empty
    card); `before` goes above the list (a notice said about it)."""
    return card(
        title_key,
        *before,
        rx.cond(
            rows.length() > 0,
            rx.el.ul(rx.foreach(rows, row), class_name="list"),
            paragraph(empty_key),
        ),
    )
