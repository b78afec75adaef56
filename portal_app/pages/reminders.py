"""Reminders: which ones, when, quiet hours, and turning them on for this phone."""

from __future__ import annotations

import reflex as rx

from portal_app.components.push_devices import push_devices
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
from portal_app.state.devices import DevicesState
from portal_app.state.reminders import RemindersState as S

SWITCHES = ("dose_on", "check_in_on", "questionnaire_on", "appointment_on", "message_on")


def _switch(name: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name=name,
            default_checked=S.choices[name],
            key=f"{name}-{S.choices[name]}",
        ),
        tr(f"reminders.{name}"),
        class_name="check-row",
    )


def _clock(name: str) -> rx.Component:
    field_id = f"field-{name}"
    return rx.el.div(
        rx.el.label(tr(f"reminders.{name}"), html_for=field_id, class_name="field-label"),
        rx.el.input(
            id=field_id,
            type="time",
            name=name,
            default_value=S.clocks[name],
            key=name + S.clocks[name],
            class_name="field-input",
        ),
        class_name="field",
    )


def _turn_on() -> rx.Component:
    return card(
        "reminders.device_title",
        paragraph("reminders.device_why"),
        paragraph("reminders.device_private"),
        rx.el.details(
            rx.el.summary(tr("reminders.iphone_title"), class_name="btn btn-secondary"),
            rx.el.ol(
                rx.el.li(tr("reminders.iphone_1")),
                rx.el.li(tr("reminders.iphone_2")),
                rx.el.li(tr("reminders.iphone_3")),
            ),
        ),
        push_devices("reminders"),
    )


def _choices() -> rx.Component:
    return card(
        "reminders.choices_title",
        form(
            rx.el.fieldset(
                rx.el.legend(tr("reminders.which"), class_name="field-label"),
                *(_switch(name) for name in SWITCHES),
                class_name="stack",
            ),
            _clock("check_in_at"),
            rx.el.fieldset(
                rx.el.legend(tr("reminders.quiet_title"), class_name="field-label"),
                paragraph("reminders.quiet_why"),
                _clock("quiet_from"),
                _clock("quiet_until"),
                class_name="stack",
            ),
            _switch("email_too"),
            _switch("neutral_look"),
            catalog_message(S.problem, ("reminders.problem.time",)),
            catalog_message(
                rx.cond(S.saved, "reminders.saved", ""), ("reminders.saved",), tone="info"
            ),
            button("reminders.save", button_type="submit", icon="check"),
            on_submit=S.save,
            reset_on_submit=False,
            class_name="stack",
            no_validate=True,
        ),
    )


@portal_page(
    "/reminders",
    "reminders.title",
    active="more",
    on_load=(S.load_reminders, DevicesState.load_devices),
)
def reminders() -> rx.Component:
    return stack(
        page_heading("reminders.title", "reminders.intro"),
        rx.cond(S.allowed, rx.fragment(_turn_on(), _choices())),
    )
