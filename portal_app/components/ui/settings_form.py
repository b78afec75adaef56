"""A card of settings saved together: what is wrong (the typing stays), "Saved." next to the
button, and a fresh form with the saved values after each save (a new `form_key`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui.button import button
from portal_app.components.ui.form import form
from portal_app.components.ui.message import catalog_message


def settings_form(
    *fields: rx.Component,
    problem: Var[str],
    problems: Sequence[str],
    saved: Var[bool],
    saved_key: str,
    save_key: str,
    form_key: Var[int],
    on_submit: Any,
) -> rx.Component:
    return form(
        *fields,
        catalog_message(problem, problems),
        catalog_message(rx.cond(saved, saved_key, ""), (saved_key,), tone="info"),
        button(save_key, button_type="submit", icon="check"),
        key=form_key.to_string(),
        on_submit=on_submit,
        reset_on_submit=False,
        class_name="card stack",
        no_validate=True,
    )
