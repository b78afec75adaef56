"""A text field with a visible label, an optional hint, and paste always allowed."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui.text import tr


def text_field(
    label_key: str,
    name: str,
    *,
    hint_key: str | None = None,
    input_type: str = "text",
    autocomplete: str = "off",
    required: bool = False,
    value: Var[str] | str | None = None,
) -> rx.Component:
    """`value`: what the field starts with (e.g. a saved setting); the person's typing stays."""
    field_id = f"field-{name}"
    described = {"aria-describedby": f"{field_id}-hint"} if hint_key else {}
    parts = [rx.el.label(tr(label_key), html_for=field_id, class_name="field-label")]
    if hint_key:
        parts.append(rx.el.p(tr(hint_key), id=f"{field_id}-hint", class_name="field-hint"))
    parts.append(
        rx.el.input(
            id=field_id,
            name=name,
            type=input_type,
            auto_complete=autocomplete,
            required=required,
            class_name="field-input",
            custom_attrs=described,
            **({"default_value": value} if value is not None else {}),
        )
    )
    return rx.el.div(*parts, class_name="field")
