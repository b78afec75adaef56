"""Sign in: an email link first (nothing to remember), a password second, help always."""

from __future__ import annotations

import reflex as rx

from portal_app.components.clinic_contact import clinic_contact_card
from portal_app.components.ui import (
    button,
    catalog_message,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.sign_in import PROBLEMS, SignInState


def _email_link_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(tr("sign_in.link_title")),
        text_field(
            "sign_in.email_label",
            "link_email",
            hint_key="sign_in.email_hint",
            input_type="email",
            autocomplete="email",
        ),
        button("sign_in.send_link", button_type="submit", icon="mail"),
        rx.cond(
            SignInState.link_sent,
            rx.el.div(
                paragraph("sign_in.link_sent"), class_name="message message-info", role="status"
            ),
        ),
        on_submit=SignInState.send_email_link,
        class_name="card",
        no_validate=True,
    )


def _password_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(tr("sign_in.password_title")),
        text_field(
            "sign_in.email_label", "password_email", input_type="email", autocomplete="username"
        ),
        text_field(
            "sign_in.password_label",
            "password",
            input_type="password",
            autocomplete="current-password",
        ),
        button("sign_in.password_button", button_type="submit", icon="log-in"),
        on_submit=SignInState.sign_in_with_password,
        class_name="card",
        no_validate=True,
    )


@portal_page("/sign-in", "sign_in.title", public=True)
def sign_in() -> rx.Component:
    return stack(
        page_heading("sign_in.title", "sign_in.intro"),
        rx.el.div(
            paragraph("idle.signed_out"),
            class_name="message message-info",
            hidden=True,
            role="status",
            custom_attrs={"data-idle-signed-out": ""},
        ),
        catalog_message(SignInState.problem, PROBLEMS),
        _email_link_form(),
        _password_form(),
        clinic_contact_card("sign_in.trouble_title", "sign_in.trouble_body"),
    )


@portal_page("/sign-in/link", "link.title", public=True)
def sign_in_link() -> rx.Component:
    """Where an emailed link lands. steady.js reads the token from the fragment on tap."""
    return stack(
        page_heading("link.title", "link.body"),
        button("link.button", icon="log-in", data={"redeem-link": ""}),
        rx.el.div(
            paragraph("link.expired"),
            rx.el.a(tr("nav.sign_in"), href="/sign-in", class_name="btn btn-secondary"),
            class_name="message message-error",
            hidden=True,
            custom_attrs={"data-link-expired": ""},
            role="alert",
        ),
    )
