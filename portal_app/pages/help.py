"""Help: installing the app, reading and skills, privacy, leaving fast, crisis help and who
to call."""

from __future__ import annotations

import reflex as rx

from portal_app.components.clinic_contact import clinic_contact_card
from portal_app.components.ui import button, card, link_button, page_heading, paragraph, stack
from portal_app.pages.registry import portal_page


@portal_page("/help", "help.title", active="help", public=True)
def help_page() -> rx.Component:
    return stack(
        page_heading("help.title", "help.intro"),
        card(
            "tour.again_title",
            paragraph("tour.again_body"),
            button("tour.again", variant="secondary", icon="rotate-ccw", data={"tour-replay": ""}),
        ),
        card(
            "help.install.title",
            paragraph("help.install.android"),
            paragraph("help.install.iphone"),
        ),
        card(
            "help.learn.title",
            paragraph("help.learn.body"),
            rx.el.div(
                link_button("reading.title", "/learn", variant="secondary", icon="book-open"),
                link_button("skills.title", "/skills", variant="secondary", icon="wind"),
                class_name="button-list",
            ),
        ),
        card("help.crisis.title", paragraph("help.crisis.body")),
        card("help.privacy.title", paragraph("help.privacy.body")),
        card("help.quick_exit.title", paragraph("help.quick_exit.body")),
        clinic_contact_card("help.questions.title", "help.questions.body"),
    )
