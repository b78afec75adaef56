"""Clinic admins search who did what in the portal, and download it as a spreadsheet."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    form,
    native_form,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_audit import AdminAuditState

FILTERS = ("since", "until", "action", "person")
ROLES = ("patient", "caregiver", "clinician", "clinic_admin")


def _search_form() -> rx.Component:
    return form(
        rx.el.h2(tr("audit.search_title")),
        text_field("audit.since_label", "since", input_type="date"),
        text_field("audit.until_label", "until", input_type="date"),
        text_field("audit.action_label", "action", hint_key="audit.action_hint"),
        text_field("audit.person_label", "person", hint_key="audit.person_hint"),
        button("audit.search", button_type="submit", icon="search"),
        on_submit=AdminAuditState.search,
        class_name="card",
        no_validate=True,
    )


def _download_form() -> rx.Component:
    """A plain POST form: the terms never go into a web address."""
    return native_form(
        *(
            rx.el.input(type="hidden", name=name, value=getattr(AdminAuditState, name))
            for name in FILTERS
        ),
        button("audit.download", button_type="submit", variant="secondary", icon="download"),
        method="post",
        action="/api/admin/audit.csv",
    )


def _row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["time"], " · ", row["action"]),
        rx.el.p(
            tr("audit.who"),
            " ",
            row["who"],
            " (",
            rx.match(
                row["who_role"],
                *((role, tr(f"role.{role}")) for role in ROLES),
                tr("audit.nobody"),
            ),
            ")",
        ),
        rx.cond(row["patient"] != "", rx.el.p(tr("audit.patient"), " ", row["patient"])),
        rx.cond(
            row["on_behalf_of"] != "", rx.el.p(tr("audit.on_behalf"), " ", row["on_behalf_of"])
        ),
        rx.cond(row["category"] != "", rx.el.p(tr("audit.category"), " ", row["category"])),
        rx.el.p(tr("audit.address"), " ", row["address"]),
        class_name="list-row",
    )


def _pages() -> rx.Component:
    """25 events a screen, newest first, with Newer and Older."""
    return rx.el.div(
        rx.cond(
            AdminAuditState.page > 0,
            button(
                "audit.newer",
                variant="secondary",
                icon="arrow-left",
                on_click=AdminAuditState.turn_page(-1),
            ),
        ),
        rx.el.p(tr("audit.page"), " ", AdminAuditState.page + 1),
        rx.cond(
            AdminAuditState.older,
            button(
                "audit.older",
                variant="secondary",
                icon="arrow-right",
                on_click=AdminAuditState.turn_page(1),
            ),
        ),
        class_name="button-row",
    )


@portal_page("/admin/audit", "audit.title", active="more", on_load=(AdminAuditState.load_audit,))
def admin_audit() -> rx.Component:
    return stack(
        page_heading("audit.title", "audit.intro"),
        rx.cond(
            AdminAuditState.allowed,
            rx.fragment(
                _search_form(),
                card(
                    "audit.results_title",
                    paragraph("audit.results_intro"),
                    _download_form(),
                    rx.cond(
                        AdminAuditState.rows.length() > 0,
                        rx.el.ul(rx.foreach(AdminAuditState.rows, _row), class_name="list"),
                        paragraph("audit.none"),
                    ),
                    _pages(),
                ),
            ),
            paragraph("admin.not_allowed"),
        ),
    )
