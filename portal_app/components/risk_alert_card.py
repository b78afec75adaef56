"""A risk alert for the care team, closed only with a note: on /alerts and on the patient's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from portal_app.components.ui import button, catalog_message, form, tr

LEVELS = ("high", "pending", "moderate", "low")
REASONS = ("phq9_item9", "cssrs")
PROBLEMS = ("alerts.note_missing", "alerts.gone")


def alert_card(
    row: rx.Var[dict[str, str]],
    problem: rx.Var[str],
    problem_for: rx.Var[str],
    on_acknowledge: Callable[[Any], Any],
) -> rx.Component:
    """An open alert with its note box; rows have id, patient, reason, level, opened, escalated."""
    note_id = "note-" + row["id"]
    return rx.el.li(
        rx.el.h2(row["patient"], class_name="card-title"),
        rx.el.p(
            rx.el.strong(
                rx.match(
                    row["level"],
                    *((lvl, tr(f"alerts.level.{lvl}")) for lvl in LEVELS),
                    rx.el.span(row["level"]),
                )
            ),
            " · ",
            rx.match(
                row["reason"],
                *((r, tr(f"alerts.reason.{r}")) for r in REASONS),
                rx.el.span(row["reason"]),
            ),
        ),
        rx.cond(
            row["escalated"] == "yes",
            rx.el.p(tr("alerts.escalated"), class_name="badge badge-rising"),
        ),
        rx.el.p(tr("alerts.opened"), " ", row["opened"]),
        form(
            rx.el.input(type="hidden", name="alert_id", value=row["id"]),
            rx.el.label(tr("alerts.note_label"), html_for=note_id, class_name="field-label"),
            rx.el.textarea(
                id=note_id, name="note", rows=3, max_length=2000, class_name="field-input"
            ),
            rx.cond(problem_for == row["id"], catalog_message(problem, PROBLEMS)),
            button("alerts.acknowledge", button_type="submit", icon="check"),
            on_submit=on_acknowledge,
            class_name="stack",
            no_validate=True,
        ),
        class_name=rx.cond(row["level"] == "high", "card alert-card alert-high", "card alert-card"),
    )
