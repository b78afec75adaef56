"""Clinic settings for clinic admins: who is on call for risk alerts, and visit booking."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui import (
    button,
    catalog_message,
    choice_row,
    form,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.clinic_settings import CANCEL_HOURS, ESCALATION_MINUTES, PROBLEMS
from portal_app.state.clinic_settings import ClinicSettingsState as S


def _radio(name: str, value: str | Var[str], label: rx.Component | Var[str]) -> rx.Component:
    return choice_row(name, value, label, checked=S.chosen[name] == value)


def _group(legend: str, hint: str, *rows: rx.Component) -> rx.Component:
    return rx.el.fieldset(rx.el.legend(tr(legend)), paragraph(hint), *rows, class_name="choices")


def _on_call() -> rx.Component:
    return _group(
        "clinic_settings.on_call_legend",
        "clinic_settings.on_call_hint",
        _radio("on_call", "", tr("clinic_settings.nobody")),
        rx.foreach(S.clinicians, lambda c: _radio("on_call", c["id"], c["name"])),
    )


def _time(label: str, name: str) -> rx.Component:
    return text_field(label, name, input_type="time", value=S.chosen[name])


def _hours() -> rx.Component:
    return rx.fragment(
        rx.el.h2(tr("clinic_settings.hours_title")),
        paragraph("clinic_settings.hours_hint"),
        _time("clinic_settings.opens_label", "opens"),
        _time("clinic_settings.closes_label", "closes"),
        rx.el.fieldset(
            rx.el.legend(tr("clinic_settings.days_legend"), class_name="field-label"),
            *(
                rx.el.label(
                    rx.el.input(
                        type="checkbox", name=f"day{d}", default_checked=S.chosen[f"day{d}"] == "on"
                    ),
                    tr(f"weekday.{d}"),
                    class_name="check-row",
                )
                for d in range(7)
            ),
            class_name="stack",
        ),
    )


def _ages() -> rx.Component:
    return rx.fragment(
        rx.el.h2(tr("clinic_settings.ages_title")),
        paragraph("clinic_settings.ages_hint"),
        text_field(
            "clinic_settings.teen_label",
            "teen_from",
            hint_key="clinic_settings.teen_hint",
            input_type="number",
            value=S.chosen["teen_from"],
        ),
        text_field(
            "clinic_settings.adult_label",
            "adult",
            hint_key="clinic_settings.adult_hint",
            input_type="number",
            value=S.chosen["adult"],
        ),
    )


@portal_page("/admin/clinic", "clinic_settings.title", active="more", on_load=(S.load_settings,))
def admin_clinic() -> rx.Component:
    return stack(
        page_heading("clinic_settings.title", "clinic_settings.intro"),
        rx.cond(
            S.allowed,
            form(
                rx.el.h2(tr("clinic_settings.alerts_title")),
                _on_call(),
                text_field(
                    "clinic_settings.email_label",
                    "after_hours_email",
                    hint_key="clinic_settings.email_hint",
                    input_type="email",
                    value=S.chosen["after_hours_email"],
                ),
                _group(
                    "clinic_settings.minutes_legend",
                    "clinic_settings.minutes_hint",
                    *(
                        _radio("minutes", str(m), tr(f"clinic_settings.minutes.{m}"))
                        for m in ESCALATION_MINUTES
                    ),
                ),
                _hours(),
                rx.el.h2(tr("clinic_settings.visits_title")),
                _group(
                    "clinic_settings.booking_legend",
                    "clinic_settings.booking_hint",
                    _radio("booking", "book", tr("clinic_settings.booking.book")),
                    _radio("booking", "request", tr("clinic_settings.booking.request")),
                ),
                _group(
                    "clinic_settings.cancel_legend",
                    "clinic_settings.cancel_hint",
                    *(
                        _radio("cancel", str(h), tr(f"clinic_settings.cancel.{h}"))
                        for h in CANCEL_HOURS
                    ),
                ),
                _ages(),
                catalog_message(S.problem, PROBLEMS),
                catalog_message(
                    rx.cond(S.saved, "clinic_settings.saved", ""),
                    ("clinic_settings.saved",),
                    tone="info",
                ),
                button("clinic_settings.save", button_type="submit", icon="check"),
                key=S.form_key.to_string(),
                on_submit=S.save,
                reset_on_submit=False,
                class_name="card stack",
                no_validate=True,
            ),
            paragraph("admin.not_allowed"),
        ),
    )
