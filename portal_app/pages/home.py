"""Home: today at a glance. Before sign-in it invites the person to sign in."""

from __future__ import annotations

import reflex as rx

from portal_app.components.preferences import first_run_prompt
from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.ui import button, card, link_button, page_heading, paragraph, stack, tr
from portal_app.pages.registry import portal_page
from portal_app.state.home import HomeState
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
        paragraph("home.signed_in_intro"),
        rx.cond(
            ViewerState.role == "clinician",
            link_button("nav.alerts", "/alerts", icon="siren"),
        ),
        rx.cond(
            ViewerState.role == "patient",
            link_button("home.check_in_now", "/check-in", icon="smile"),
        ),
        button("nav.sign_out", variant="secondary", icon="log-out", data={"sign-out": ""}),
        class_name="card card-highlight stack",
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
        HomeState.due.length() > 0,  # type: ignore[attr-defined]
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


@portal_page("/", "nav.home", active="home", on_load=(HomeState.load_home,))
def home() -> rx.Component:
    return stack(
        page_heading("home.title", "home.intro"),
        first_run_prompt(),
        rx.cond(ViewerState.signed_in, _greeting(), _sign_in_prompt()),
        _due(),
        rx.el.div(
            *(card(key, paragraph("home.card.locked")) for key in LOCKED_CARDS),
            class_name="card-grid",
        ),
    )
