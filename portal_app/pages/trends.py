"""Trends: mood, sleep, PHQ-9 and GAD-7 over 30, 90 or 365 days, as charts and as tables."""

from __future__ import annotations

import reflex as rx

from portal_app.components.patient_picker import patient_picker
from portal_app.components.trend_parts import (
    assignments_card,
    recent_check_ins,
    scheduled_measure_charts,
    trend_chart,
)
from portal_app.components.ui import (
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.trends import TrendsState

S = TrendsState
RANGES = (30, 90, 365)


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
                        trend_chart("mood", S.rows_mood),
                        trend_chart("sleep", S.rows_sleep),
                        trend_chart("phq9", S.rows_phq9, S.rising_phq9),
                        trend_chart("gad7", S.rows_gad7, S.rising_gad7),
                        scheduled_measure_charts(),
                        rx.cond(S.is_clinician, recent_check_ins()),
                        rx.cond(S.is_clinician, assignments_card()),
                    ),
                ),
            ),
            paragraph("trends.not_allowed"),
        ),
    )
