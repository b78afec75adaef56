"""The clinic's staff, for clinic admins: who works here, their role, and turning an account
off (someone who left: their sessions end at once) or on again."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_staff import PROBLEMS
from portal_app.state.admin_staff import AdminStaffState as S


def _role(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.p(
        rx.cond(row["role"] == "clinician", tr("staff.role.clinician"), tr("staff.role.admin")),
        " · ",
        rx.cond(
            row["active"] == "yes",
            rx.cond(row["joined"] == "yes", tr("staff.status.active"), tr("staff.status.invited")),
            tr("staff.status.off"),
        ),
    )


def _confirm(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.div(
        rx.el.p(tr("staff.confirm_off")),
        button(
            "staff.yes_turn_off",
            variant="primary",
            icon="user-x",
            on_click=S.turn_off(row["id"]),
        ),
        button("staff.keep_on", variant="secondary", on_click=S.keep_on),
        role="group",
        class_name="message message-info stack",
    )


def _staff_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["name"]),
        rx.el.p(row["email"]),
        _role(row),
        rx.el.p(
            rx.cond(row["source"] == "sso", tr("staff.source.sso"), tr("staff.source.password"))
        ),
        # Always there (empty): steady.js brings new words in it into view.
        catalog_message(rx.cond(S.problem_for == row["id"], S.problem, ""), PROBLEMS),
        rx.cond(
            row["active"] == "yes",
            rx.cond(
                S.confirming == row["id"],
                _confirm(row),
                button(
                    "staff.turn_off",
                    variant="secondary",
                    icon="user-x",
                    on_click=S.ask_turn_off(row["id"]),
                ),
            ),
            button(
                "staff.turn_on",
                variant="secondary",
                icon="user-check",
                on_click=S.turn_on(row["id"]),
            ),
        ),
        aria_label=row["name"],
        class_name="list-row",
    )


@portal_page("/admin/staff", "staff.title", active="more", on_load=(S.load_staff,))
def admin_staff() -> rx.Component:
    return stack(
        page_heading("staff.title", "staff.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.el.div(
                    rx.cond(S.done_for != "", rx.el.p(S.done_for, ": ", tr_done())),
                    role="status",
                    class_name=rx.cond(S.done_for != "", "message message-info", "message"),
                ),
                card(
                    "staff.list_title",
                    rx.el.ul(rx.foreach(S.staff, _staff_row), class_name="list"),
                ),
            ),
            paragraph("admin.not_allowed"),
        ),
    )


def tr_done() -> rx.Component:
    return rx.cond(S.done_key == "staff.turned_on", tr("staff.turned_on"), tr("staff.turned_off"))
