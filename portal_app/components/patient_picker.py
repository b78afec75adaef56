"""A clinician picks one of their own patients: one large button per patient."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import card, paragraph
from portal_app.components.ui.var_types import Handler, Rows, Text


def patient_picker(
    patients: Rows,
    chosen_id: Text,
    choose: Handler,
) -> rx.Component:
    """`patients` rows have id and name; `choose(id)` is the state's handler for a tap."""
    return card(
        "trends.pick_patient",
        rx.cond(
            patients.length() > 0,
            rx.el.div(
                rx.foreach(
                    patients,
                    lambda p: rx.el.button(
                        p["name"],
                        type="button",
                        on_click=choose(p["id"]),
                        class_name=rx.cond(
                            chosen_id == p["id"], "btn btn-answer is-chosen", "btn btn-answer"
                        ),
                        custom_attrs={
                            "aria-pressed": rx.cond(chosen_id == p["id"], "true", "false")
                        },
                    ),
                ),
                class_name="answer-list",
            ),
            paragraph("trends.no_patients"),
        ),
    )
