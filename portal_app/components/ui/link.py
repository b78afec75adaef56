"""Navigation links with an icon above or beside a text label, marked when current."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui.icon import svg_icon
from portal_app.components.ui.text import tr


def nav_link(label_key: str, href: str, icon: str, *, current: bool) -> rx.Component:
    attrs = {"aria-current": "page"} if current else {}
    return rx.el.a(
        svg_icon(icon, size=24),
        rx.el.span(tr(label_key), class_name="nav-label"),
        href=href,
        class_name="nav-link",
        custom_attrs=attrs,
    )
