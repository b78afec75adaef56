"""My plan: goals in the patient's own words with steps, notes from both sides, and (for the
care team) writing the next version."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.care_plan import PROBLEMS, GoalRow
from portal_app.state.care_plan import CarePlanState as S

NOTICES = ("plan.saved", "plan.note_saved")


def _goal(row: ObjectVar[GoalRow]) -> rx.Component:
    return rx.el.li(
        rx.el.h3(row.goal, class_name="user-text"),
        rx.el.ul(
            rx.foreach(row.steps, lambda s: rx.el.li(s, class_name="user-text")),
            class_name="plan-steps",
        ),
        class_name="list-row",
    )


def _editor() -> rx.Component:
    return rx.el.details(
        rx.el.summary(tr("plan.edit"), class_name="btn btn-secondary"),
        form(
            paragraph("plan.edit_hint", class_name="field-hint"),
            rx.foreach(
                S.editing,
                lambda slot: rx.el.fieldset(
                    rx.el.legend(
                        tr("plan.goal_label"), " ", (slot["index"].to(int) + 1).to_string()
                    ),
                    rx.el.label(
                        tr("plan.goal_words"),
                        html_for="goal-" + slot["index"],
                        class_name="field-label",
                    ),
                    rx.el.input(
                        id="goal-" + slot["index"],
                        name="goal_" + slot["index"],
                        default_value=slot["goal"],
                        max_length=300,
                        class_name="field-input",
                    ),
                    rx.el.label(
                        tr("plan.steps_label"),
                        html_for="steps-" + slot["index"],
                        class_name="field-label",
                    ),
                    rx.el.textarea(
                        id="steps-" + slot["index"],
                        name="steps_" + slot["index"],
                        default_value=slot["steps"],
                        rows=3,
                        class_name="field-input",
                    ),
                    class_name="stack plan-slot",
                ),
            ),
            button("plan.save", button_type="submit", icon="save"),
            key=S.form_key.to_string(),
            on_submit=S.save,
            class_name="stack",
            no_validate=True,
        ),
    )


def _notes() -> rx.Component:
    return card(
        "plan.notes_title",
        rx.foreach(
            S.notes,
            lambda n: rx.el.div(
                rx.el.p(
                    rx.el.strong(n["author"]),
                    " · ",
                    n["when"],
                    " · ",
                    rx.cond(
                        n["kind"] == "progress", tr("plan.kind.progress"), tr("plan.kind.comment")
                    ),
                    class_name="message-meta",
                ),
                rx.el.p(n["body"], class_name="message-body"),
                class_name="team-note",
            ),
        ),
        form(
            rx.el.label(
                rx.cond(S.is_clinician, tr("plan.progress_label"), tr("plan.comment_label")),
                html_for="plan-note",
                class_name="field-label",
            ),
            rx.el.textarea(
                id="plan-note", name="note", rows=3, max_length=2000, class_name="field-input"
            ),
            button(
                "plan.add_note", button_type="submit", variant="secondary", icon="message-square"
            ),
            on_submit=S.add_note,
            reset_on_submit=True,
            class_name="stack",
            no_validate=True,
        ),
    )


@portal_page("/plan", "plan.title", active="more", on_load=(S.load_plan,))
def care_plan() -> rx.Component:
    return stack(
        page_heading("plan.title", "plan.intro"),
        catalog_message(S.notice, NOTICES, tone="info"),
        catalog_message(S.problem, PROBLEMS),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.cond(S.is_clinician, rx.el.h2(S.patient_name, class_name="card-title")),
                card(
                    "plan.goals_title",
                    rx.cond(
                        S.version > 0,
                        rx.fragment(
                            rx.el.p(tr("plan.written_by"), " ", S.written, class_name="field-hint"),
                            rx.el.ol(rx.foreach(S.goals, _goal), class_name="list"),
                        ),
                        paragraph("plan.none"),
                    ),
                ),
                rx.cond(S.is_clinician, _editor()),
                _notes(),
                rx.cond(
                    S.earlier.length() > 0,
                    card(
                        "plan.earlier_title",
                        rx.el.ul(
                            rx.foreach(
                                S.earlier,
                                lambda v: rx.el.li(
                                    rx.el.strong(
                                        tr("plan.version"), " ", v["version"], " · ", v["when"]
                                    ),
                                    rx.el.p(v["goals"], class_name="user-text"),
                                    class_name="list-row",
                                ),
                            ),
                            class_name="list",
                        ),
                    ),
                ),
            ),
            paragraph("plan.pick_patient"),
        ),
    )
