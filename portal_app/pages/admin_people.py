"""Clinic admins invite staff and patients; the invited person chooses how to sign in."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.bulk_invite import bulk_invite_card
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_list,
    choice_row,
    form,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_people import PROBLEMS, AdminPeopleState

ROLE_CHOICES = (
    ("patient", "invite.role_patient"),
    ("clinician", "invite.role_clinician"),
    ("clinic_admin", "invite.role_admin"),
)


def _clinician_choice() -> rx.Component:
    """Big radio rows (names need no translation), like every other choice in the portal."""
    return rx.el.fieldset(
        rx.el.legend(tr("invite.clinician_label")),
        rx.foreach(
            AdminPeopleState.clinicians, lambda c: choice_row("clinician", c["id"], c["name"])
        ),
        class_name="choices",
    )


def _invite_form() -> rx.Component:
    return form(
        rx.el.h2(tr("invite.form_title")),
        text_field("invite.name_label", "display_name", autocomplete="off"),
        text_field("invite.email_label", "email", input_type="email", autocomplete="off"),
        choice_list("invite.role_legend", "role", ROLE_CHOICES),
        rx.el.fieldset(
            rx.el.legend(tr("invite.patient_legend")),
            text_field("invite.birth_label", "date_of_birth", input_type="date"),
            _clinician_choice(),
            class_name="patient-only",
        ),
        button("invite.send", button_type="submit", icon="send"),
        key=AdminPeopleState.form_key.to_string(),
        on_submit=AdminPeopleState.invite,
        class_name="card invite-form",
        no_validate=True,
    )


def _pending_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["name"]),
        rx.el.p(row["email"]),
        rx.el.p(tr("invite.sent_on"), " ", row["sent"]),
        button(
            "invite.send_again",
            variant="secondary",
            icon="send",
            on_click=AdminPeopleState.send_again(row["id"]),
        ),
        button(
            "invite.cancel",
            variant="secondary",
            icon="x",
            on_click=AdminPeopleState.cancel(row["id"]),
        ),
        aria_label=row["name"],
        class_name="list-row",
    )


@portal_page(
    "/admin/people", "invite.title", active="more", on_load=(AdminPeopleState.load_people,)
)
def admin_people() -> rx.Component:
    return stack(
        page_heading("invite.title", "invite.intro"),
        rx.cond(
            AdminPeopleState.allowed,
            rx.fragment(
                catalog_message(AdminPeopleState.problem, PROBLEMS),
                rx.el.div(
                    rx.cond(
                        AdminPeopleState.sent_to != "",
                        rx.el.p(tr("invite.sent"), " ", AdminPeopleState.sent_to),
                    ),
                    role="status",
                    class_name=rx.cond(
                        AdminPeopleState.sent_to != "", "message message-info", "message"
                    ),
                ),
                _invite_form(),
                bulk_invite_card(),
                card(
                    "invite.pending_title",
                    # Said here, where the tap was (the top of the page is out of view).
                    rx.el.div(
                        rx.cond(
                            AdminPeopleState.cancelled != "",
                            rx.el.p(AdminPeopleState.cancelled, ": ", tr("invite.cancelled")),
                        ),
                        role="status",
                        class_name=rx.cond(
                            AdminPeopleState.cancelled != "", "message message-info", "message"
                        ),
                    ),
                    rx.cond(
                        AdminPeopleState.pending.length() > 0,
                        rx.el.ul(
                            rx.foreach(AdminPeopleState.pending, _pending_row), class_name="list"
                        ),
                        paragraph("invite.pending_none"),
                    ),
                ),
            ),
            paragraph("admin.not_allowed"),
        ),
    )
