"""A polite live region for short confirmations ("Saved."), shown by steady.toast(key).

The messages are rendered from the catalog ahead of time, so JavaScript never holds text.
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from portal_app.components.ui.text import tr


def toast_region(message_keys: Sequence[str]) -> rx.Component:
    return rx.el.div(
        *(
            rx.el.p(
                tr(key),
                " ",
                rx.el.strong(custom_attrs={"data-toast-count": ""}),  # e.g. how many were sent
                hidden=True,
                custom_attrs={"data-toast": key},
            )
            for key in message_keys
        ),
        id="steady-toast",
        role="status",
        class_name="toast",
        custom_attrs={"aria-live": "polite"},
    )
