"""A native <dialog>: focus moves in, Escape closes, and "Close" works without JavaScript.

Opened by any element with data-opens-dialog="<id>" (see assets/steady.js), so it opens
even before React has loaded and while offline.
"""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui.button import button
from portal_app.components.ui.form import form
from portal_app.components.ui.text import tr


def dialog(dialog_id: str, title_key: str, *children: rx.Component) -> rx.Component:
    title_id = f"{dialog_id}-title"
    return rx.el.dialog(
        rx.el.div(
            rx.el.h2(tr(title_key), id=title_id),
            form(
                button("help_now.close", variant="secondary", button_type="submit", icon="x"),
                method="dialog",
            ),
            class_name="dialog-head",
        ),
        *children,
        id=dialog_id,
        class_name="dialog",
        custom_attrs={"aria-labelledby": title_id},
    )
