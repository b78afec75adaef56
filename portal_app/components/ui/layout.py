"""Page-level building blocks: the page's single <h1> and vertical spacing."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui.text import tr


def page_heading(title_key: str, intro_key: str | None = None) -> rx.Component:
    parts = [rx.el.h1(tr(title_key), id="page-title")]
    if intro_key:
        parts.append(rx.el.p(tr(intro_key), class_name="lead"))
    return rx.el.div(*parts, class_name="page-heading")


def stack(*children: rx.Component) -> rx.Component:
    return rx.el.div(*children, class_name="stack")
