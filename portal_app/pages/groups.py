"""Support groups: the ones your care team offers (ask to join under a name you pick, after
reading the rules), the ones you are in, and free support outside the clinic. A clinician sees
the groups they run and starts a new one."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_list,
    form,
    link_button,
    list_card,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.groups import PROBLEMS, GroupsState
from portal_app.state.viewer import ViewerState

S = GroupsState
Row = ObjectVar[dict[str, str]]
RULES = ("groups.rule.names", "groups.rule.kind", "groups.rule.private", "groups.rule.help")
NOTICES = ("groups.asked", "groups.left", "groups.created")


def _where(row: Row) -> rx.Component:
    return rx.fragment(
        rx.el.p(rx.el.span(tr("groups.when")), " ", row["schedule"]),
        rx.cond(row["place"] != "", rx.el.p(rx.el.span(tr("groups.where")), " ", row["place"])),
        rx.cond(row["video_link"] != "", rx.el.p(tr("groups.online"))),
    )


def _rules() -> rx.Component:
    return rx.el.div(
        rx.el.h3(tr("groups.rules_title")),
        rx.el.ul(*(rx.el.li(tr(key)) for key in RULES)),
    )


def _join_form(row: Row) -> rx.Component:
    return form(
        _rules(),
        text_field("groups.display_name", "display_name", hint_key="groups.display_name_hint"),
        choice_list(
            "groups.rules_legend", "rules", [("yes", "groups.rules_yes"), ("no", "groups.rules_no")]
        ),
        catalog_message(S.problem, PROBLEMS),
        button("groups.ask", button_type="submit", icon="send"),
        on_submit=S.ask,
        class_name="stack",
        no_validate=True,
    )


def _offered(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.h3(row["name"]),
        rx.el.p(row["purpose"]),
        _where(row),
        rx.cond(
            S.join_for == row["id"],
            _join_form(row),
            button(
                "groups.join",
                variant="secondary",
                icon="user-plus",
                on_click=S.open_join(row["id"]),
            ),
        ),
        class_name="list-row",
    )


def _mine(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.h3(row["name"]),
        rx.el.p(rx.el.span(tr("groups.you_are")), " ", rx.el.strong(row["as"])),
        _where(row),
        rx.cond(
            row["status"] == "member",
            link_button("groups.open", "/group?id=" + row["id"], icon="message-circle"),
            paragraph("groups.waiting_answer"),
        ),
        button(
            "groups.leave", variant="secondary", icon="log-out", on_click=S.leave_group(row["id"])
        ),
        class_name="list-row",
    )


def _running(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.h3(row["name"]),
        _where(row),
        link_button("groups.open", "/group?id=" + row["id"], icon="message-circle"),
        class_name="list-row",
    )


def _member_view() -> rx.Component:
    return rx.fragment(
        catalog_message(S.notice, NOTICES, tone="info"),
        list_card(
            "groups.mine_title",
            S.mine,
            _mine,
            "groups.mine_none",
        ),
        list_card(
            "groups.offered_title",
            S.offered,
            _offered,
            "groups.offered_none",
        ),
    )


def _clinician_view() -> rx.Component:
    return rx.fragment(
        catalog_message(S.notice, NOTICES, tone="info"),
        list_card(
            "groups.running_title",
            S.running,
            _running,
            "groups.running_none",
        ),
        card(
            "groups.new_title",
            form(
                text_field("groups.field.name", "name"),
                text_field("groups.field.purpose", "purpose"),
                text_field(
                    "groups.field.schedule", "schedule", hint_key="groups.field.schedule_hint"
                ),
                choice_list(
                    "groups.field.meets_day",
                    "meets_day",
                    [("", "groups.field.meets_none")]
                    + [(str(d), f"groups.day.{d}") for d in range(7)],
                    default="",
                ),
                text_field(
                    "groups.field.meets_at",
                    "meets_at",
                    input_type="time",
                    hint_key="groups.field.meets_hint",
                ),
                text_field("groups.field.place", "place"),
                text_field("groups.field.video_link", "video_link", input_type="url"),
                text_field("groups.field.capacity", "capacity", input_type="number", value="12"),
                choice_list(
                    "groups.field.audience",
                    "audience",
                    [(a, f"groups.audience.{a}") for a in ("adults", "teens", "caregivers")],
                    default="adults",
                ),
                catalog_message(S.problem, PROBLEMS),
                button("groups.create", button_type="submit", icon="plus"),
                on_submit=S.create,
                key=S.form_key,
                class_name="stack",
                no_validate=True,
            ),
        ),
    )


@portal_page("/groups", "groups.title", active="more", on_load=(S.load_groups,))
def groups() -> rx.Component:
    return stack(
        rx.cond(  # staff are spoken to as staff, patients as patients
            ViewerState.role == "clinician",
            page_heading("groups.title", "groups.intro_staff"),
            page_heading("groups.title", "groups.intro"),
        ),
        link_button("community.title", "/community", variant="secondary", icon="globe"),
        rx.cond(
            S.loaded,
            rx.cond(ViewerState.role == "clinician", _clinician_view(), _member_view()),
        ),
    )
