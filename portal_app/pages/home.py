"""Home: today at a glance. Before sign-in it invites the person to sign in."""

from __future__ import annotations

import reflex as rx

from portal_app.components.preferences import first_run_prompt
from portal_app.components.ui import card, link_button, page_heading, paragraph, stack
from portal_app.pages.registry import portal_page

LOCKED_CARDS = (
    "home.card.check_in",
    "home.card.medicines",
    "home.card.appointment",
    "home.card.messages",
)


@portal_page("/", "nav.home", active="home")
def home() -> rx.Component:
    return stack(
        page_heading("home.title", "home.intro"),
        first_run_prompt(),
        rx.el.div(
            paragraph("home.sign_in_prompt"),
            link_button("nav.sign_in", "/sign-in", icon="log-in"),
            class_name="card card-highlight",
        ),
        rx.el.div(
            *(card(key, paragraph("home.card.locked")) for key in LOCKED_CARDS),
            class_name="card-grid",
        ),
    )
