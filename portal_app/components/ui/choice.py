"""A list of large radio choices: the whole row is the tap target, the legend names the group."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from portal_app.components.ui.text import tr


def choice_list(
    legend_key: str,
    name: str,
    options: Sequence[tuple[str, str]],
    *,
    pref: str | None = None,
) -> rx.Component:
    """`options` are (value, label key). `pref` ties the group to a device preference."""
    data = {"data-pref": pref} if pref else {}
    rows = [
        rx.el.label(
            rx.el.input(type="radio", name=name, value=value, custom_attrs=data),
            rx.el.span(class_name="choice-mark", aria_hidden="true"),
            rx.el.span(tr(label_key), class_name="choice-label"),
            class_name="choice",
        )
        for value, label_key in options
    ]
    return rx.el.fieldset(rx.el.legend(tr(legend_key)), *rows, class_name="choices")
