"""Parts of the trends page the clinician's patient overview shows too: a chart with its
numbers, the patient's recent check-ins, and the questionnaires assigned to them."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.check_in_summary import check_in_summary
from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_list,
    form,
    paragraph,
    tr,
)
from portal_app.components.ui.var_types import Flag, Rows
from portal_app.content.catalog import LANGUAGES
from portal_app.state.trends import ASSIGNABLE, EVERY_DAYS, TrendsState

S = TrendsState


def _table(name: str, rows: Var[list[dict[str, str]]]) -> rx.Component:
    return rx.el.details(
        rx.el.summary(tr("trends.show_numbers"), class_name="btn btn-secondary"),
        rx.el.table(
            rx.el.caption(tr(f"trends.{name}_title")),
            rx.el.thead(
                rx.el.tr(
                    rx.el.th(tr("trends.day"), scope="col"),
                    rx.el.th(tr(f"trends.{name}_value"), scope="col"),
                )
            ),
            rx.el.tbody(
                rx.foreach(rows, lambda r: rx.el.tr(rx.el.td(r["day"]), rx.el.td(r["value"])))
            ),
            class_name="data-table",
        ),
    )


def trend_chart(name: str, rows: Rows, rising: Flag | None = None) -> rx.Component:
    return card(
        f"trends.{name}_title",
        rx.cond(rising, rx.el.p(tr("trends.rising"), class_name="badge badge-rising"))
        if rising is not None
        else rx.fragment(),
        rx.cond(
            rows.length() > 0,
            rx.fragment(
                *(
                    rx.el.div(
                        rx.html(S.charts[f"{name}_{lang}"]), lang=lang, class_name="i18n chart-box"
                    )
                    for lang in LANGUAGES
                ),
                _table(name, rows),
            ),
            paragraph(f"trends.{name}_none"),
        ),
    )


SCHEDULED_ONLY = ("pcl5", "audit", "auditc", "epds")


def scheduled_measure_charts() -> rx.Component:
    """Charts of the measures a clinician schedules, each once there is a score in the range
    (most patients never answer them: no empty cards)."""
    return rx.fragment(
        *(
            rx.cond(
                getattr(S, f"rows_{name}").length() > 0,
                trend_chart(name, getattr(S, f"rows_{name}"), getattr(S, f"rising_{name}")),
            )
            for name in SCHEDULED_ONLY
        )
    )


def _assignment_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(questionnaire_name(row["instrument"])),
        rx.el.p(tr("assign.every"), " ", row["every"], " ", tr("assign.days")),
        button(
            "assign.stop",
            variant="secondary",
            icon="circle-stop",
            on_click=S.stop_assignment(row["id"]),
        ),
        class_name="list-row",
    )


def recent_check_ins() -> rx.Component:
    return card(
        "trends.recent_title",
        rx.cond(
            S.recent.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.recent, lambda r: rx.el.li(*check_in_summary(r), class_name="list-row")
                ),
                class_name="list",
            ),
            paragraph("trends.mood_none"),
        ),
    )


def assignments_card() -> rx.Component:
    return card(
        "assign.title",
        rx.cond(
            S.assignments.length() > 0,
            rx.el.ul(rx.foreach(S.assignments, _assignment_row), class_name="list"),
            paragraph("assign.none"),
        ),
        form(
            choice_list(
                "assign.which", "instrument", [(i, f"questionnaire.name.{i}") for i in ASSIGNABLE]
            ),
            choice_list(
                "assign.how_often", "every", [(str(d), f"assign.every_{d}") for d in EVERY_DAYS]
            ),
            catalog_message(S.assign_problem, ("assign.choose_both", "assign.needs_licence")),
            button("assign.button", button_type="submit", icon="calendar-plus"),
            on_submit=S.assign,
            class_name="stack",
            no_validate=True,
        ),
    )
