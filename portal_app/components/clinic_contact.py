"""A card with the clinic's phone number as a one-tap call button."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import card, paragraph, tr
from portal_app.components.ui.icon import svg_icon
from portal_app.state.clinic import ClinicState


def clinic_call_button() -> rx.Component:
    """Wherever the portal says "call the clinic", the number is one tap away."""
    return rx.cond(
        ClinicState.clinic_phone_href != "",
        rx.el.a(
            svg_icon("phone", size=22, class_name="btn-icon"),
            tr("clinic.call"),
            rx.el.span(ClinicState.clinic_phone, class_name="phone-number"),
            href=ClinicState.clinic_phone_href,
            class_name="btn btn-secondary",
        ),
    )


def clinic_contact_card(title_key: str, body_key: str) -> rx.Component:
    return card(title_key, paragraph(body_key), clinic_call_button())
