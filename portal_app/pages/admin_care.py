"""Care teams and caregivers, for clinic admins: who looks after each patient, adding or
taking off a clinician, and the caregivers and guardians linked to patients."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_row,
    form,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_care import PROBLEMS, TeamRow
from portal_app.state.admin_care import AdminCareState as S

NOTICES = ("care_teams.added", "care_teams.removed", "care_teams.link_ended")


def _said_here(row_id: rx.Var[str]) -> rx.Component:
    """What was done, or what stopped it, in the row it was done in (in view on a phone). The
    boxes are always there, empty, so steady.js sees new words appear and brings them into
    view even right after the page opened."""
    mine = S.notice_for == row_id
    return rx.fragment(
        catalog_message(rx.cond(mine, S.problem, ""), PROBLEMS),
        catalog_message(rx.cond(mine, S.notice, ""), NOTICES, tone="info"),
    )


def _member(patient_id: rx.Var[str], member: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.span(member["name"]),
        rx.el.button(
            tr("care_teams.take_off"),
            type="button",
            on_click=S.remove_member(patient_id, member["id"]),
            class_name="btn btn-secondary",
        ),
        aria_label=member["name"],
        class_name="team-member",
    )


def _add_form(row: ObjectVar[TeamRow]) -> rx.Component:
    return rx.el.details(
        rx.el.summary(tr("care_teams.add_summary"), class_name="btn btn-secondary"),
        form(
            rx.el.input(type="hidden", name="patient", value=row.id),
            rx.el.fieldset(
                rx.el.legend(tr("care_teams.add_legend")),
                rx.foreach(S.clinicians, lambda c: choice_row("clinician", c["id"], c["name"])),
                class_name="choices",
            ),
            button("care_teams.add", button_type="submit", icon="user-plus"),
            on_submit=S.add_member,
            no_validate=True,
            class_name="stack",
        ),
    )


def _patient_row(row: ObjectVar[TeamRow]) -> rx.Component:
    return rx.el.li(
        rx.el.h3(row.name),
        rx.cond(
            row.members.length() > 0,
            rx.el.ul(rx.foreach(row.members, lambda m: _member(row.id, m)), class_name="team-list"),
            rx.el.p(tr("care_teams.nobody"), class_name="message message-error"),
        ),
        _said_here(row.id),
        _add_form(row),
        aria_label=row.name,
        class_name="list-row stack",
    )


def _link_row(link: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(link["caregiver"]),
        rx.el.p(tr("care_teams.helps"), " ", link["patient"], " · ", link["relationship"]),
        rx.el.p(
            rx.cond(
                link["kind"] == "guardian",
                tr("care_teams.kind_guardian"),
                tr("care_teams.kind_patient"),
            ),
            " · ",
            rx.cond(
                link["status"] == "active",
                tr("care_teams.status_active"),
                tr("care_teams.status_invited"),
            ),
        ),
        _said_here(link["id"]),
        rx.el.button(
            tr("care_teams.end_link"),
            type="button",
            on_click=S.end_caregiver_link(link["id"]),
            class_name="btn btn-secondary",
        ),
        aria_label=link["caregiver"],
        class_name="list-row",
    )


@portal_page("/admin/care-teams", "care_teams.title", active="more", on_load=(S.load_care,))
def admin_care() -> rx.Component:
    return stack(
        page_heading("care_teams.title", "care_teams.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                form(
                    text_field("care_teams.search_label", "search", input_type="search"),
                    button(
                        "care_teams.search",
                        button_type="submit",
                        variant="secondary",
                        icon="search",
                    ),
                    on_submit=S.find,
                    reset_on_submit=False,
                    class_name="card stack",
                ),
                card(
                    "care_teams.teams_title",
                    rx.el.ul(rx.foreach(S.teams, _patient_row), class_name="list"),
                    rx.cond(S.more > 0, rx.el.p(tr("care_teams.more"), " ", S.more)),
                ),
                card(
                    "care_teams.links_title",
                    rx.cond(
                        S.links.length() > 0,
                        rx.el.ul(rx.foreach(S.links, _link_row), class_name="list"),
                        paragraph("care_teams.links_none"),
                    ),
                ),
            ),
            paragraph("admin.not_allowed"),
        ),
    )
