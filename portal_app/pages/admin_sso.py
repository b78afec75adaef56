"""Staff sign-in through the clinic's own identity provider, for clinic admins: connect it,
map its groups to clinician and clinic admin, and choose whether staff may still use a
password here."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_row,
    page_heading,
    paragraph,
    settings_form,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_sso import PROBLEMS
from portal_app.state.admin_sso import AdminSsoState as S


def _field(label: str, name: str, hint: str | None = None) -> rx.Component:
    return text_field(label, name, hint_key=hint, value=S.chosen[name])


def _settings_form() -> rx.Component:
    return settings_form(
        rx.el.h2(tr("sso.admin.provider_title"), class_name="card-title"),
        rx.el.p(tr("sso.admin.callback_hint"), " ", rx.el.code(S.callback)),
        _field("sso.admin.label", "label", "sso.admin.label_hint"),
        _field("sso.admin.issuer", "issuer", "sso.admin.issuer_hint"),
        _field("sso.admin.client_id", "client_id"),
        text_field(
            "sso.admin.client_secret",
            "client_secret",
            hint_key="sso.admin.client_secret_hint",
            input_type="password",
            autocomplete="new-password",
        ),
        rx.el.h2(tr("sso.admin.groups_title"), class_name="card-title"),
        paragraph("sso.admin.mfa_hint"),
        _field("sso.admin.clinician_group", "clinician_group", "sso.admin.group_hint"),
        _field("sso.admin.admin_group", "admin_group", "sso.admin.admin_group_hint"),
        _field("sso.admin.group_claim", "group_claim", "sso.admin.group_claim_hint"),
        rx.el.fieldset(
            rx.el.legend(tr("sso.admin.only_legend")),
            choice_row(
                "sso_only", "no", tr("sso.admin.only_no"), checked=S.chosen["sso_only"] == "no"
            ),
            choice_row(
                "sso_only", "yes", tr("sso.admin.only_yes"), checked=S.chosen["sso_only"] == "yes"
            ),
            class_name="choices",
        ),
        problem=S.problem,
        problems=PROBLEMS,
        saved=S.done_key == "sso.saved",
        saved_key="sso.saved",
        save_key="sso.admin.save",
        form_key=S.form_key,
        on_submit=S.save,
    )


def _disconnect() -> rx.Component:
    return card(
        "sso.admin.off_title",
        paragraph("sso.admin.off_body"),
        catalog_message(
            rx.cond(S.done_key == "sso.removed", "sso.removed", ""), ("sso.removed",), tone="info"
        ),
        rx.cond(
            S.connected,
            button("sso.admin.off_button", variant="secondary", icon="x", on_click=S.disconnect),
        ),
    )


@portal_page("/admin/sso", "sso.admin.title", active="more", on_load=(S.load_sso,))
def admin_sso() -> rx.Component:
    return stack(
        page_heading("sso.admin.title", "sso.admin.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(_settings_form(), _disconnect()),
            paragraph("admin.not_allowed"),
        ),
    )
