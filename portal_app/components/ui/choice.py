"""Large radio choices and check boxes: the whole row is the tap target, the legend names the
group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui.text import tr


def choice_row(
    name: str | Var[str],
    value: Any,
    label: rx.Component | Var[str],
    *,
    checked: bool | Var[bool] = False,
    **attrs: Any,
) -> rx.Component:
    """One radio choice; `label` is any component (a catalog text, or a value from state);
    `checked` may come from state (a saved setting the form starts with)."""
    return rx.el.label(
        rx.el.input(type="radio", name=name, value=value, default_checked=checked, **attrs),
        rx.el.span(class_name="choice-mark", aria_hidden="true"),
        rx.el.span(label, class_name="choice-label"),
        class_name="choice",
    )


def check_box(name: str, label_key: str, *, value: str = "on") -> rx.Component:
    """One large check box with its label (the whole row is the tap target)."""
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, value=value),
        rx.el.span(class_name="choice-mark", aria_hidden="true"),
        rx.el.span(tr(label_key), class_name="choice-label"),
        class_name="choice",
    )


def choice_list(
    legend_key: str,
    name: str,
    options: Sequence[tuple[str, str]],
    *,
    pref: str | None = None,
    default: str | None = None,
) -> rx.Component:
    """`options` are (value, label key). `pref` ties the group to a device preference."""
    data = {"custom_attrs": {"data-pref": pref}} if pref else {}
    rows = [
        choice_row(name, value, tr(label_key), checked=value == default, **data)
        for value, label_key in options
    ]
    return rx.el.fieldset(rx.el.legend(tr(legend_key)), *rows, class_name="choices")
