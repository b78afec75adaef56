"""A risk alert for the care team, closed only with a note: on /alerts and on the patient's page."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.patient_reach import patient_reach
from portal_app.components.ui import button, catalog_message, form, tr
from portal_app.components.ui.var_types import Handler, Record, Text
from portal_app.state.alerts import PROBLEMS

LEVELS = ("high", "pending", "moderate", "low")
REASONS = ("phq9_item9", "epds_item10", "cssrs")


def alert_reason(reason: Var[str]) -> rx.Component:
    """Why the alert opened, in words ("Mood questions, item 9", "Safety questions")."""
    return rx.match(reason, *((r, tr(f"alerts.reason.{r}")) for r in REASONS), rx.el.span(reason))


def _answer(line: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.span(line["question"]),
        " ",
        rx.el.strong(line["answer"]),
        class_name=rx.cond(line["flagged"] == "yes", "answer-line answer-flagged", "answer-line"),
    )


def _answers(lines: Var[list[dict[str, str]]]) -> rx.Component:
    """The answers that raised the alert first, then every answer on request."""
    return rx.fragment(
        rx.el.h3(tr("alerts.answered_title")),
        rx.el.ul(
            rx.foreach(lines, lambda line: rx.cond(line["flagged"] == "yes", _answer(line))),
            class_name="answer-list",
        ),
        rx.el.details(
            rx.el.summary(tr("alerts.all_answers"), class_name="btn btn-secondary"),
            rx.el.ul(rx.foreach(lines, _answer), class_name="answer-list"),
        ),
    )


def alert_card(
    row: ObjectVar[dict[str, str]],
    answers: Record,
    problem: Text,
    problem_for: Text,
    on_acknowledge: Handler,
) -> rx.Component:
    """An open alert: who, what they answered, how to reach them now, and the note box that
    closes it. Rows come from state/alert_rows.py."""
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
            alert_reason(row["reason"]),
        ),
        rx.cond(
            row["escalated"] == "yes",
            rx.el.p(tr("alerts.escalated"), class_name="badge badge-rising"),
        ),
        rx.el.p(tr("alerts.opened"), " ", row["opened"]),
        _answers(answers[row["id"]].to(list[dict[str, str]])),
        rx.el.h3(tr("alerts.reach_title")),
        patient_reach(
            row["patient"],
            row["phone"],
            row["phone_href"],
            row["contact_name"],
            row["contact_relation"],
            row["contact_phone"],
            row["contact_href"],
        ),
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
