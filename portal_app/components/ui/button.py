"""Buttons and button-styled links: at least 48 by 48 px, visible focus, a visible text label."""

from __future__ import annotations

from typing import Any, Literal

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui.icon import svg_icon
from portal_app.components.ui.text import tr
from portal_app.components.ui.var_types import Text

Variant = Literal["primary", "secondary", "crisis", "quiet"]


def _content(label_key: str, icon: str | None) -> list[rx.Component]:
    parts: list[rx.Component] = []
    if icon:
        parts.append(svg_icon(icon, size=22, class_name="btn-icon"))
    parts.append(tr(label_key))
    return parts


def button(
    label_key: str,
    *,
    variant: Variant = "primary",
    icon: str | None = None,
    button_type: Literal["button", "submit"] = "button",
    data: dict[str, str] | None = None,
    **events: Any,
) -> rx.Component:
    """A real <button>; `data` adds data-* hooks for the plain-JS helpers."""
    return rx.el.button(
        *_content(label_key, icon),
        type=button_type,
        class_name=f"btn btn-{variant}",
        custom_attrs={f"data-{k}": v for k, v in (data or {}).items()},
        **events,
    )


def link_button(
    label_key: str,
    href: Text,
    *,
    variant: Variant = "primary",
    icon: str | None = None,
    data: dict[str, str] | None = None,
) -> rx.Component:
    """A link that looks like a button: navigation stays a link for assistive technology."""
    return rx.el.a(
        *_content(label_key, icon),
        href=href,
        class_name=f"btn btn-{variant}",
        custom_attrs={f"data-{k}": v for k, v in (data or {}).items()},
    )


def row_button(
    label_key: str,
    what: Var[str] | rx.Component,
    *,
    on_click: Any,
    icon: str,
    variant: Variant = "secondary",
) -> rx.Component:
    """An action on one row of a list; screen readers hear which row ("Remove Latex")."""
    return rx.el.button(
        *_content(label_key, icon),
        rx.el.span(what, class_name="visually-hidden"),
        type="button",
        on_click=on_click,
        class_name=f"btn btn-{variant}",
    )
