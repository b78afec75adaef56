"""Sign in: an email link first (nothing to remember), a password second, help always."""

from __future__ import annotations

import reflex as rx

from portal_app.components.authenticator_setup import authenticator_setup
from portal_app.components.clinic_contact import clinic_contact_card
from portal_app.components.ui import (
    button,
    catalog_message,
    form,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.components.ui.icon import svg_icon
from portal_app.pages.registry import portal_page
from portal_app.state.clinic import ClinicState
from portal_app.state.sign_in import PROBLEMS, SSO_PROBLEMS, SignInState


def _passkey_card() -> rx.Component:
    """Shown only where the browser can use passkeys (steady.js marks the page)."""
    return rx.el.div(
        rx.el.h2(tr("passkey.sign_in_title")),
        paragraph("passkey.sign_in_body"),
        button("passkey.sign_in_button", icon="fingerprint", data={"passkey-sign-in": ""}),
        class_name="card passkey-only",
    )


def _sso_card() -> rx.Component:
    """Staff of a clinic with its own identity provider: one tap to it (api/sso.py). A plain
    link: the provider's pages open top-level, as they must."""
    return rx.cond(
        ClinicState.sso_label != "",
        rx.el.div(
            rx.el.h2(tr("sso.staff_title")),
            rx.el.a(
                svg_icon("log-in", size=22, class_name="btn-icon"),
                tr("sso.sign_in_with"),
                " ",
                rx.el.span(ClinicState.sso_label),
                href="/api/sso/start",
                class_name="btn btn-primary",
                # A real request to the server (Reflex would route a link inside the app).
                custom_attrs={"reloadDocument": True},
            ),
            class_name="card",
        ),
    )


def _sso_problem() -> rx.Component:
    """Back from the provider with a refusal (?sso=no_group): what happened, kindly."""
    asked = SignInState.router.url.query_parameters.to(dict)["sso"].to(str)
    return catalog_message("sso.problem." + asked, SSO_PROBLEMS)


def _email_link_form() -> rx.Component:
    return form(
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
    return form(
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


def _code_form(*intro: rx.Component, submit_key: str, icon: str) -> rx.Component:
    """The second-factor form: an introduction, the code field and one button."""
    return form(
        *intro,
        text_field(
            "second.code_label", "code", hint_key="second.code_hint", autocomplete="one-time-code"
        ),
        button(submit_key, button_type="submit", icon=icon),
        on_submit=SignInState.submit_code,
        class_name="card",
        no_validate=True,
    )


def _enrol_step() -> rx.Component:
    return _code_form(
        rx.el.h2(tr("second.enrol_title")),
        authenticator_setup(
            "second.enrol_body",
            SignInState.enrol_qr,
            SignInState.enrol_key,
            caption_id="qr-caption",
        ),
        submit_key="second.confirm",
        icon="check",
    )


def _code_step() -> rx.Component:
    return _code_form(
        rx.el.h2(tr("second.code_title")), submit_key="second.continue", icon="log-in"
    )


def _recovery_codes_step() -> rx.Component:
    return rx.el.div(
        rx.el.h2(tr("second.codes_title")),
        paragraph("second.codes_body"),
        rx.el.ul(
            rx.foreach(SignInState.recovery_codes, lambda code: rx.el.li(code)),
            class_name="recovery-codes",
            translate="no",
        ),
        button("second.codes_done", icon="check", on_click=SignInState.finish_enrolment),
        class_name="card",
    )


def _steps(*first_step: rx.Component) -> rx.Component:
    """The problem (if any), then the first step or the second-factor step the person is on."""
    return rx.fragment(
        catalog_message(SignInState.problem, PROBLEMS),
        rx.match(
            SignInState.step,
            ("enrol", _enrol_step()),
            ("code", _code_step()),
            ("recovery_codes", _recovery_codes_step()),
            rx.fragment(*first_step),
        ),
        rx.cond(
            SignInState.step != "start",
            button("second.start_over", variant="secondary", on_click=SignInState.start_over),
        ),
        clinic_contact_card("sign_in.trouble_title", "sign_in.trouble_body"),
    )


@portal_page("/sign-in", "sign_in.title", public=True)
def sign_in() -> rx.Component:
    return stack(
        page_heading("sign_in.title", "sign_in.intro"),
        rx.cond(
            SignInState.router.url.query_parameters["reason"] == "idle",
            rx.el.div(paragraph("idle.signed_out"), class_name="message message-info"),
        ),
        _sso_problem(),
        _steps(_passkey_card(), _email_link_form(), _password_form(), _sso_card()),
        rx.cond(
            ClinicState.is_demo,
            rx.el.p(tr("demo.notice"), class_name="message message-info"),
        ),
    )


def _invitation_form(*children: rx.Component) -> rx.Component:
    """steady.js puts the invitation (from the link's #i=) into the hidden field."""
    return form(
        rx.el.input(type="hidden", name="invitation", custom_attrs={"data-invitation": ""}),
        *children,
        on_submit=SignInState.accept_invitation,
        class_name="card",
        no_validate=True,
    )


@portal_page("/welcome", "welcome.title", public=True)
def welcome() -> rx.Component:
    """Where an invitation lands: the person chooses how they will sign in."""
    return stack(
        page_heading("welcome.title", "welcome.intro"),
        _steps(
            _invitation_form(
                rx.el.h2(tr("welcome.password_title")),
                text_field(
                    "welcome.password_label",
                    "new_password",
                    hint_key="welcome.password_hint",
                    input_type="password",
                    autocomplete="new-password",
                ),
                button("welcome.password_button", button_type="submit", icon="check"),
            ),
            _invitation_form(
                rx.el.h2(tr("welcome.links_title")),
                paragraph("welcome.links_body"),
                button(
                    "welcome.links_button", button_type="submit", variant="secondary", icon="mail"
                ),
            ),
            rx.el.div(paragraph("welcome.passkey_hint"), class_name="message message-info"),
        ),
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
