"""A short list of current medicines (name, dose, times), for pages that summarise a record."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import paragraph, tr
from portal_app.components.ui.var_types import Rows


def medicine_list(rows: Rows, empty_key: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.el.ul(
            rx.foreach(
                rows,
                lambda m: rx.el.li(
                    rx.el.strong(m["name"]),
                    " · ",
                    m["dose"],
                    " · ",
                    rx.cond(m["times"] != "", m["times"], tr("medicines.as_needed_label")),
                    class_name="list-row",
                ),
            ),
            class_name="list",
        ),
        paragraph(empty_key),
    )
