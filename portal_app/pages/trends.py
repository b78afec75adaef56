"""Trends: mood, sleep, PHQ-9 and GAD-7 over 30, 90 or 365 days, as charts and as tables."""

from __future__ import annotations

import reflex as rx

from portal_app.components.check_in_summary import check_in_summary
from portal_app.components.patient_picker import patient_picker
from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_list,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.content.catalog import LANGUAGES
from portal_app.pages.registry import portal_page
from portal_app.state.trends import ASSIGNABLE, EVERY_DAYS, TrendsState

S = TrendsState
RANGES = (30, 90, 365)


def _table(name: str, rows: rx.Var[list[dict[str, str]]]) -> rx.Component:
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


def _chart(
    name: str, rows: rx.Var[list[dict[str, str]]], rising: rx.Var[bool] | None = None
) -> rx.Component:
    return card(
        f"trends.{name}_title",
        rx.cond(rising, rx.el.p(tr("trends.rising"), class_name="badge badge-rising"))
        if rising is not None
        else rx.fragment(),
        rx.cond(
            rows.length() > 0,  # type: ignore[attr-defined]
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


def _range_buttons() -> rx.Component:
    return rx.el.div(
        rx.el.p(tr("trends.range_label"), id="range-label", class_name="field-label"),
        *(
            rx.el.button(
                tr(f"trends.range_{days}"),
                type="button",
                on_click=S.choose_days(days),
                class_name=rx.cond(S.days == days, "btn btn-answer is-chosen", "btn btn-answer"),
                custom_attrs={"aria-pressed": rx.cond(S.days == days, "true", "false")},
            )
            for days in RANGES
        ),
        role="group",
        class_name="range-buttons",
        custom_attrs={"aria-labelledby": "range-label"},
    )


def _assignment_row(row: rx.Var[dict[str, str]]) -> rx.Component:
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


def _recent() -> rx.Component:
    return card(
        "trends.recent_title",
        rx.cond(
            S.recent.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(
                rx.foreach(
                    S.recent, lambda r: rx.el.li(*check_in_summary(r), class_name="list-row")
                ),
                class_name="list",
            ),
            paragraph("trends.mood_none"),
        ),
    )


def _assignments() -> rx.Component:
    return card(
        "assign.title",
        rx.cond(
            S.assignments.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(rx.foreach(S.assignments, _assignment_row), class_name="list"),
            paragraph("assign.none"),
        ),
        rx.el.form(
            choice_list(
                "assign.which", "instrument", [(i, f"questionnaire.name.{i}") for i in ASSIGNABLE]
            ),
            choice_list(
                "assign.how_often", "every", [(str(d), f"assign.every_{d}") for d in EVERY_DAYS]
            ),
            catalog_message(S.assign_problem, ("assign.choose_both",)),
            button("assign.button", button_type="submit", icon="calendar-plus"),
            on_submit=S.assign,
            class_name="stack",
            no_validate=True,
        ),
    )


@portal_page("/trends", "trends.title", active="check_in", on_load=(TrendsState.load_trends,))
def trends() -> rx.Component:
    return stack(
        page_heading("trends.title", "trends.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.cond(S.is_clinician, patient_picker(S.patients, S.patient_id, S.choose_patient)),
                rx.cond(
                    S.patient_id != "",
                    rx.fragment(
                        rx.cond(S.patient_name != "", rx.el.h2(S.patient_name)),
                        _range_buttons(),
                        _chart("mood", S.rows_mood),
                        _chart("sleep", S.rows_sleep),
                        _chart("phq9", S.rows_phq9, S.rising_phq9),
                        _chart("gad7", S.rows_gad7, S.rising_gad7),
                        rx.cond(S.is_clinician, _recent()),
                        rx.cond(S.is_clinician, _assignments()),
                    ),
                ),
            ),
            paragraph("trends.not_allowed"),
        ),
    )
