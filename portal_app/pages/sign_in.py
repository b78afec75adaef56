"""Sign in. A placeholder until sign-in ships; it always shows how to reach the clinic."""

from __future__ import annotations

import reflex as rx

from portal_app.components.clinic_contact import clinic_contact_card
from portal_app.components.ui import page_heading, paragraph, stack
from portal_app.pages.registry import portal_page


@portal_page("/sign-in", "sign_in.title")
def sign_in() -> rx.Component:
    return stack(
        page_heading("sign_in.title"),
        rx.el.div(paragraph("sign_in.body"), class_name="card"),
        clinic_contact_card("sign_in.trouble_title", "sign_in.trouble_body"),
    )
