"""Risk alerts for clinicians: highest level first; each closes only with a note."""

from __future__ import annotations

import reflex as rx

from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.alerts import PROBLEMS, AlertsState

S = AlertsState
LEVELS = ("high", "pending", "moderate", "low")
REASONS = ("phq9_item9", "cssrs")


def _alert(row: rx.Var[dict[str, str]]) -> rx.Component:
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
        rx.el.form(
            rx.el.input(type="hidden", name="alert_id", value=row["id"]),
            rx.el.label(tr("alerts.note_label"), html_for=note_id, class_name="field-label"),
            rx.el.textarea(
                id=note_id, name="note", rows=3, max_length=2000, class_name="field-input"
            ),
            rx.cond(S.problem_for == row["id"], catalog_message(S.problem, PROBLEMS)),
            button("alerts.acknowledge", button_type="submit", icon="check"),
            on_submit=S.acknowledge,
            class_name="stack",
            no_validate=True,
        ),
        class_name=rx.cond(row["level"] == "high", "card alert-card alert-high", "card alert-card"),
    )


@portal_page("/alerts", "alerts.title", active="home", on_load=(AlertsState.load_alerts,))
def alerts() -> rx.Component:
    return stack(
        page_heading("alerts.title", "alerts.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                catalog_message(rx.cond(S.done, "alerts.done", ""), ("alerts.done",), tone="info"),
                rx.cond(
                    S.alerts.length() > 0,  # type: ignore[attr-defined]
                    rx.el.ul(rx.foreach(S.alerts, _alert), class_name="stack alert-list"),
                    paragraph("alerts.none"),
                ),
                card(
                    "alerts.overdue_title",
                    rx.cond(
                        S.overdue.length() > 0,  # type: ignore[attr-defined]
                        rx.el.ul(
                            rx.foreach(
                                S.overdue,
                                lambda d: rx.el.li(
                                    rx.el.strong(d["patient"]),
                                    rx.el.p(
                                        questionnaire_name(d["instrument"]),
                                        " · ",
                                        tr("alerts.overdue_since"),
                                        " ",
                                        d["due"],
                                    ),
                                    class_name="list-row",
                                ),
                            ),
                            class_name="list",
                        ),
                        paragraph("alerts.overdue_none"),
                    ),
                ),
            ),
            paragraph("alerts.clinicians_only"),
        ),
    )
