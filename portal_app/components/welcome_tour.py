"""A short welcome for a patient's first visit: four cards (check-in, reminders, messages,
Get help now), skippable, shown again from Help. steady.js steps through it and remembers on
the device that it was seen; CSS keeps it hidden until the display choices are made."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import button, tr
from portal_app.components.ui.icon import svg_icon

STEPS = (
    ("check_in", "smile"),
    ("reminders", "bell"),
    ("messages", "message-circle"),
    ("help_now", "phone"),
)


def welcome_tour() -> rx.Component:
    count = len(STEPS)
    cards = [
        rx.el.div(
            svg_icon(icon, size=40, class_name="tour-icon"),
            rx.el.h3(tr(f"tour.{key}.title")),
            rx.el.p(tr(f"tour.{key}.body")),
            rx.el.p(tr("tour.step"), f" {n} ", tr("tour.of"), f" {count}", class_name="field-hint"),
            class_name="stack",
            custom_attrs={"data-tour-step": str(n), **({"data-current": ""} if n == 1 else {})},
        )
        for n, (key, icon) in enumerate(STEPS, start=1)
    ]
    return rx.el.section(
        rx.el.h2(tr("tour.title"), id="tour-title", class_name="card-title"),
        *cards,
        rx.el.div(
            button("tour.next", icon="arrow-right", data={"tour-next": ""}),
            button("tour.done", icon="check", data={"tour-finish": ""}),
            button("tour.skip", variant="secondary", data={"tour-finish": ""}),
            class_name="button-row",
        ),
        class_name="card welcome-tour stack",
        custom_attrs={"aria-labelledby": "tour-title", "aria-live": "polite"},
    )
