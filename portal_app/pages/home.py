"""Home: today at a glance. Before sign-in it invites the person to sign in."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.dose_list import dose_list
from portal_app.components.preferences import first_run_prompt
from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.ui import button, card, link_button, page_heading, paragraph, stack, tr
from portal_app.components.ui.var_types import Rows
from portal_app.components.welcome_tour import welcome_tour
from portal_app.pages.registry import portal_page
from portal_app.state.home import REMINDER_OPENS, HomeState
from portal_app.state.medicines import MedicinesState
from portal_app.state.viewer import ViewerState

LOCKED_CARDS = (
    "home.card.check_in",
    "home.card.medicines",
    "home.card.appointment",
    "home.card.messages",
)


def _greeting() -> rx.Component:
    return rx.el.div(
        rx.el.h2(tr("home.hello"), " ", ViewerState.display_name),
        rx.cond(
            ViewerState.role == "patient",
            paragraph("home.signed_in_intro"),
            paragraph("home.signed_in_intro_other"),
        ),
        rx.cond(
            ViewerState.role == "clinician",
            link_button("panel.title", "/panel", icon="users"),
        ),
        rx.cond(
            ViewerState.role == "patient",
            link_button("home.check_in_now", "/check-in", icon="smile"),
        ),
        button("nav.sign_out", variant="secondary", icon="log-out", data={"sign-out": ""}),
        class_name="card card-highlight stack",
    )


def _caregiver_card() -> rx.Component:
    """A caregiver's start: whom they help now, and only the parts they may use."""
    allowed: Rows = ViewerState.helping_allowed
    links = (
        ("appointments.see", "nav.appointments", "/appointments", "calendar"),
        ("medicines.see", "nav.medicines", "/medicines", "pill"),
        ("messages.see", "nav.messages", "/messages", "message-circle"),
        ("records.see", "nav.records_of", "/records", "folder-open"),
        ("safety_plan.see", "safety.title_team", "/safety-plan", "shield"),
        ("check_ins.see", "nav.trends", "/trends", "chart-line"),
        ("education.see", "reading.title", "/learn", "book-open"),
    )
    return rx.el.section(
        rx.cond(
            ViewerState.helping_name != "",
            rx.fragment(
                rx.el.h2(
                    tr("caregivers.you_help"),
                    " ",
                    ViewerState.helping_name,
                    class_name="card-title",
                ),
                rx.el.div(
                    *(
                        rx.cond(
                            allowed.contains(code),
                            link_button(label, href, variant="secondary", icon=icon),
                        )
                        for code, label, href, icon in links
                    ),
                    class_name="button-list",
                ),
            ),
            paragraph("caregivers.pick_first"),
        ),
        link_button("nav.people_i_help", "/caregivers", variant="secondary", icon="users"),
        class_name="card stack",
    )


def _sign_in_prompt() -> rx.Component:
    return rx.el.div(
        paragraph("home.sign_in_prompt"),
        link_button("nav.sign_in", "/sign-in", icon="log-in"),
        class_name="card card-highlight",
    )


def _due() -> rx.Component:
    """Questionnaires the care team asked for that are due now."""
    return rx.cond(
        HomeState.due.length() > 0,
        rx.el.section(
            rx.el.h2(tr("home.due_title"), class_name="card-title"),
            rx.el.ul(
                rx.foreach(
                    HomeState.due,
                    lambda i: rx.el.li(questionnaire_name(i)),
                )
            ),
            link_button("home.due_button", "/questionnaires", icon="clipboard-list"),
            class_name="card card-highlight stack",
        ),
    )


def _intake() -> rx.Component:
    """The clinic's intake form, until it is filled in."""
    return rx.cond(
        HomeState.intake_waiting,
        rx.el.section(
            rx.el.h2(tr("home.intake_title"), class_name="card-title"),
            paragraph("home.intake_body"),
            link_button("home.intake_button", "/intake", icon="clipboard-list"),
            class_name="card card-highlight stack",
        ),
    )


REMINDER_KINDS = ("check_in", "questionnaire", "appointment", "message", "refill", "group")


def _reminder(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.match(
            row["kind"],
            *(
                (
                    kind,
                    rx.el.a(
                        tr(f"home.reminder.{kind}"),
                        href=REMINDER_OPENS[kind],
                        class_name="row-link",
                    ),
                )
                for kind in REMINDER_KINDS
            ),
            rx.el.span(tr("push.body.reminder")),
        ),
        button("home.reminder_done", variant="secondary", on_click=HomeState.dismiss(row["id"])),
        class_name="list-row",
    )


def _patient_cards() -> rx.Component:
    return rx.fragment(
        rx.cond(
            HomeState.reminders.length() > 0,
            card(
                "home.reminders_title",
                rx.el.ul(rx.foreach(HomeState.reminders, _reminder), class_name="list"),
            ),
        ),
        card(
            "home.card.messages",
            rx.cond(
                HomeState.unread > 0,
                rx.el.p(rx.el.strong(tr("home.messages_new"), " ", HomeState.unread)),
                paragraph("home.messages_none"),
            ),
            link_button(
                "home.open_messages", "/messages", variant="secondary", icon="message-circle"
            ),
        ),
        card(
            "doses.today_title",
            dose_list(),
            link_button("home.all_medicines", "/medicines", variant="secondary", icon="pill"),
        ),
        card(
            "reading.title",
            rx.cond(
                HomeState.new_reading > 0,
                rx.el.p(rx.el.strong(tr("home.reading_new"))),
                paragraph("home.reading_none"),
            ),
            link_button("home.open_reading", "/learn", variant="secondary", icon="book-open"),
        ),
    )


@portal_page(
    "/",
    "nav.home",
    active="home",
    on_load=(HomeState.load_home, MedicinesState.load_today),
)
def home() -> rx.Component:
    return stack(
        rx.cond(
            ViewerState.role == "caregiver",
            page_heading("home.title", "home.intro_helper"),  # a caregiver does not check in
            page_heading("home.title", "home.intro"),
        ),
        first_run_prompt(),
        rx.cond(ViewerState.signed_in, _greeting(), _sign_in_prompt()),
        _due(),
        rx.cond(ViewerState.role == "patient", _intake()),
        rx.cond(ViewerState.role == "patient", welcome_tour()),
        rx.cond(ViewerState.role == "patient", _patient_cards()),
        rx.cond(ViewerState.role == "caregiver", _caregiver_card()),
        rx.cond(
            ~ViewerState.signed_in,
            rx.el.div(
                *(card(key, paragraph("home.card.locked")) for key in LOCKED_CARDS),
                class_name="card-grid",
            ),
        ),
    )
