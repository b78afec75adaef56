"""Account page cards: your details, your password, the second step, and what is coming."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.authenticator_setup import authenticator_setup
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    link_button,
    paragraph,
    text_field,
    tr,
)
from portal_app.content.catalog import LANGUAGES
from portal_app.state.account_security import DONE, PROBLEMS, AccountSecurityState
from portal_app.state.contact import PROBLEMS as CONTACT_PROBLEMS
from portal_app.state.contact import ContactState as C

S = AccountSecurityState


def messages(where: str) -> rx.Component:
    """The outcome of this card's form, next to it (live regions, so it is announced)."""
    here = S.where == where
    return rx.fragment(
        catalog_message(rx.cond(here, S.problem, ""), PROBLEMS),
        catalog_message(rx.cond(here, S.done, ""), DONE, tone="info"),
    )


def _form(*children: rx.Component, on_submit: object) -> rx.Component:
    return form(
        *children,
        key=S.form_key.to_string(),
        on_submit=on_submit,
        class_name="stack",
        no_validate=True,
    )


def profile_card() -> rx.Component:
    return card(
        "profile.title",
        messages("profile"),
        rx.el.p(tr("profile.email"), " ", rx.el.strong(S.email)),
        paragraph("profile.email_help"),
        form(
            rx.el.div(
                rx.el.label(
                    tr("profile.name_label"),
                    html_for="field-display_name",
                    class_name="field-label",
                ),
                rx.el.input(
                    id="field-display_name",
                    name="display_name",
                    default_value=S.name,
                    key=S.name,
                    auto_complete="name",
                    class_name="field-input",
                ),
                class_name="field",
            ),
            button("profile.save", button_type="submit", icon="check"),
            on_submit=S.save_name,
            class_name="stack",
            no_validate=True,
        ),
    )


def password_card() -> rx.Component:
    return card(
        "password.title",
        messages("password"),
        rx.cond(
            S.has_password, paragraph("password.intro_change"), paragraph("password.intro_set")
        ),
        _form(
            rx.cond(
                S.has_password,
                text_field(
                    "password.current_label",
                    "current_password",
                    input_type="password",
                    autocomplete="current-password",
                ),
            ),
            text_field(
                "welcome.password_label",
                "new_password",
                hint_key="welcome.password_hint",
                input_type="password",
                autocomplete="new-password",
            ),
            button("password.save", button_type="submit", icon="key-round"),
            on_submit=S.change_password,
        ),
    )


def _setting_up() -> rx.Component:
    return _form(
        authenticator_setup(
            "second.patient_enrol_body", S.setup_qr, S.setup_key, caption_id="account-qr-caption"
        ),
        text_field(
            "second.code_label", "code", hint_key="second.code_hint", autocomplete="one-time-code"
        ),
        button("second.confirm", button_type="submit", icon="check"),
        button("second.cancel", variant="secondary", on_click=S.cancel_second_step),
        on_submit=S.confirm_second_step,
    )


def _new_codes() -> rx.Component:
    return rx.el.div(
        paragraph("second.codes_body"),
        rx.el.ul(
            rx.foreach(S.new_codes, lambda code: rx.el.li(code)),
            class_name="recovery-codes",
            translate="no",
        ),
        button("second.codes_done", icon="check", on_click=S.cancel_second_step),
    )


def second_step_card() -> rx.Component:
    return card(
        "second.account_title",
        messages("second"),
        rx.cond(
            S.new_codes.length() > 0,
            _new_codes(),
            rx.cond(
                S.is_staff,
                paragraph("second.staff_on"),
                rx.cond(
                    S.second_step_on,
                    _form(
                        paragraph("second.on_patient"),
                        text_field(
                            "second.code_label",
                            "code",
                            hint_key="second.off_hint",
                            autocomplete="one-time-code",
                        ),
                        button(
                            "second.turn_off",
                            button_type="submit",
                            variant="secondary",
                            icon="shield-off",
                        ),
                        on_submit=S.turn_off_second_step,
                    ),
                    rx.cond(
                        S.setup_qr != "",
                        _setting_up(),
                        rx.fragment(
                            paragraph("second.off_patient"),
                            button(
                                "second.turn_on", icon="shield-check", on_click=S.start_second_step
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def display_card() -> rx.Component:
    return card(
        "account.display_title",
        paragraph("account.display_body"),
        link_button("nav.settings", "/settings", variant="secondary", icon="settings"),
    )


def coming_soon_card() -> rx.Component:
    """Placeholders the person can see now, so nothing comes as a surprise later."""
    return card(
        "account.later_title",
        rx.el.h3(tr("account.reminders_title")),
        paragraph("account.reminders_body"),
        link_button("nav.reminders", "/reminders", variant="secondary", icon="bell"),
        rx.el.h3(tr("account.download_title")),
        paragraph("account.download_body"),
    )


def access_log_item(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One line of "who looked at my record" (made in both languages by the state)."""
    return rx.el.li(
        rx.el.strong(row["when"]),
        rx.el.p(
            *(rx.el.span(row[f"line_{lang}"], lang=lang, class_name="i18n") for lang in LANGUAGES)
        ),
        class_name="list-row",
    )


def contact_card() -> rx.Component:
    """The patient's own numbers, for their care team in a crisis (patients only)."""
    return rx.cond(
        C.allowed,
        card(
            "contact.title",
            paragraph("contact.why"),
            form(
                text_field(
                    "contact.phone_label",
                    "phone",
                    input_type="tel",
                    autocomplete="tel",
                    value=C.saved_values["phone"],
                ),
                rx.el.h3(tr("contact.emergency_title")),
                paragraph("contact.emergency_why"),
                text_field(
                    "contact.name_label", "emergency_name", value=C.saved_values["emergency_name"]
                ),
                text_field(
                    "contact.relation_label",
                    "emergency_relation",
                    hint_key="contact.relation_hint",
                    value=C.saved_values["emergency_relation"],
                ),
                text_field(
                    "contact.other_phone_label",
                    "emergency_phone",
                    input_type="tel",
                    value=C.saved_values["emergency_phone"],
                ),
                catalog_message(C.problem, CONTACT_PROBLEMS),
                catalog_message(
                    rx.cond(C.saved, "contact.saved", ""), ("contact.saved",), tone="info"
                ),
                button("contact.save", button_type="submit", icon="check"),
                key=C.form_key.to_string(),
                on_submit=C.save,
                reset_on_submit=False,
                class_name="stack",
                no_validate=True,
            ),
        ),
    )
