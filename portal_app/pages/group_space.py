"""One group's space: posts and replies under display names; reply, report, share a name or
phone by choice, leave; for the
facilitator, requests to join, held posts, safety holds, and pausing the space. A post held
for crisis words shows its writer crisis help right where they tapped Send."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.group_sharing import sharing_card
from portal_app.components.safety_hold import hold_form
from portal_app.components.static_html import crisis_help
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    link_button,
    list_card,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.group_space import OUTCOMES, PROBLEMS, GroupSpaceState

S = GroupSpaceState
Row = ObjectVar[dict[str, str]]


def _member_actions(row: Row) -> rx.Component:
    return rx.cond(
        (row["status"] == "shown") & (row["mine"] == "no"),
        rx.el.span(  # phrasing only inside a post (people's words hold nothing else)
            button(
                "groups.reply",
                variant="secondary",
                icon="message-square",
                on_click=S.start_reply(row["id"]),
            ),
            button(
                "groups.report", variant="secondary", icon="hand", on_click=S.report_post(row["id"])
            ),
            class_name="button-row",
        ),
    )


def _facilitator_actions(row: Row) -> rx.Component:
    return rx.el.span(
        rx.cond(
            row["status"] == "held",
            button("groups.approve", icon="check", on_click=S.moderate_post(row["id"], "approve")),
        ),
        rx.cond(
            row["status"] != "hidden",
            button(
                "groups.hide",
                variant="secondary",
                icon="eye-off",
                on_click=S.moderate_post(row["id"], "hide"),
            ),
        ),
        rx.cond(
            row["status"] == "shown",
            rx.cond(
                row["pinned"] == "yes",
                button(
                    "groups.unpin",
                    variant="secondary",
                    icon="undo-2",
                    on_click=S.moderate_post(row["id"], "unpin"),
                ),
                button(
                    "groups.pin",
                    variant="secondary",
                    icon="save",
                    on_click=S.moderate_post(row["id"], "pin"),
                ),
            ),
        ),
        class_name="button-row",
    )


def _post(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.p(
            rx.el.strong(row["author"]),
            " · ",
            row["when"],
            rx.cond(row["pinned"] == "yes", rx.el.span(" · ", tr("groups.pinned"))),
            rx.cond(row["status"] == "held", rx.el.span(" · ", tr("groups.held"))),
            rx.cond(row["status"] == "hidden", rx.el.span(" · ", tr("groups.hidden"))),
            rx.cond(
                row["reports"] != "", rx.el.span(" · ", tr("groups.reports"), " ", row["reports"])
            ),
        ),
        rx.el.p(row["body"], class_name="message-body"),
        rx.cond(S.facilitating, _facilitator_actions(row), _member_actions(row)),
        class_name=rx.cond(row["reply"] == "yes", "list-row reply", "list-row"),
        aria_label=row["author"],
    )


def _write() -> rx.Component:
    return rx.el.section(
        rx.el.h2(tr("groups.write_title"), class_name="card-title"),
        rx.cond(S.reply_to != "", paragraph("groups.replying")),
        rx.cond(
            S.paused,
            paragraph("groups.paused_note"),
            form(
                rx.el.label(
                    tr("groups.write_label"), html_for="group-body", class_name="field-label"
                ),
                rx.el.textarea(
                    id="group-body", name="body", rows=4, max_length=2000, class_name="field-input"
                ),
                catalog_message(S.problem, PROBLEMS),
                catalog_message(S.outcome, OUTCOMES, tone="info"),
                rx.cond(
                    S.crisis,
                    rx.el.div(
                        rx.el.p(tr("groups.crisis_held"), class_name="message message-info"),
                        crisis_help(),
                        role="status",
                    ),
                ),
                button("groups.send", button_type="submit", icon="send"),
                on_submit=S.send,
                key=S.form_key,
                class_name="stack",
                no_validate=True,
            ),
        ),
        class_name="card stack",
    )


def _requests() -> rx.Component:
    return card(
        "groups.requests_title",
        rx.cond(
            S.requests.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.requests,
                    lambda r: rx.el.li(
                        rx.el.p(rx.el.strong(r["name"]), " · ", r["asked"]),
                        rx.el.div(
                            button(
                                "groups.let_in",
                                icon="user-check",
                                on_click=S.answer_request(r["id"], "yes"),
                            ),
                            button(
                                "groups.say_no",
                                variant="secondary",
                                icon="user-x",
                                on_click=S.answer_request(r["id"], "no"),
                            ),
                            class_name="button-row",
                        ),
                        class_name="list-row",
                    ),
                ),
                class_name="list",
            ),
            paragraph("groups.requests_none"),
        ),
    )


def _holds() -> rx.Component:
    return rx.cond(
        S.holds.length() > 0,
        rx.el.section(
            rx.el.h2(tr("groups.holds_title"), class_name="card-title"),
            paragraph("groups.holds_intro"),
            rx.foreach(S.holds, lambda h: hold_form(h, S.acknowledge)),
            class_name="card stack card-highlight",
        ),
    )


def _members() -> rx.Component:
    """Who is in the group, by group name, and taking a person out (they may ask again)."""
    return card(
        "groups.members_title",
        paragraph("groups.members_intro"),
        rx.cond(
            S.members.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.members,
                    lambda m: rx.el.li(
                        rx.el.p(rx.el.strong(m["name"])),
                        rx.cond(
                            m["shared"] != "",
                            rx.el.p(rx.el.span(tr("groups.shares")), " ", m["shared"]),
                        ),
                        rx.el.span(  # phrasing only inside a row that shows people's words
                            rx.cond(
                                m["shared"] != "",
                                button(
                                    "groups.remove_share",
                                    variant="secondary",
                                    icon="eye-off",
                                    on_click=S.remove_share(m["id"]),
                                ),
                            ),
                            button(
                                "groups.take_out",
                                variant="secondary",
                                icon="user-x",
                                on_click=S.take_out_member(m["id"]),
                            ),
                            class_name="button-row",
                        ),
                        class_name="list-row",
                        aria_label=m["name"],
                    ),
                ),
                class_name="list",
            ),
            paragraph("groups.members_none"),
        ),
    )


def _end() -> rx.Component:
    """Ending a group cannot be undone, so it takes a second, deliberate tap."""
    return card(
        "groups.end_title",
        rx.el.details(
            rx.el.summary(tr("groups.end"), class_name="btn btn-secondary"),
            rx.el.div(
                paragraph("groups.end_warning"),
                button("groups.end_confirm", icon="circle-stop", on_click=S.end_here),
                class_name="stack",
            ),
        ),
    )


def _facilitator_tools() -> rx.Component:
    return rx.fragment(
        _holds(),
        rx.cond(
            S.ended,
            catalog_message("groups.ended_note", ("groups.ended_note",), tone="info"),
            _running(),
        ),
    )


def _running() -> rx.Component:
    return rx.fragment(
        _requests(),
        _members(),
        card(
            "groups.pause_title",
            rx.cond(
                S.paused,
                button("groups.resume", icon="play", on_click=S.set_pause("no")),
                button(
                    "groups.pause",
                    variant="secondary",
                    icon="circle-stop",
                    on_click=S.set_pause("yes"),
                ),
            ),
        ),
        _end(),
    )


@portal_page("/group", "groups.space_title", active="more", on_load=(S.load_space, S.watch))
def group_space() -> rx.Component:
    return stack(
        page_heading("groups.space_title"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.el.h2(S.header["name"]),
                rx.el.p(rx.el.span(tr("groups.when")), " ", S.header["schedule"]),
                rx.cond(
                    S.header["as"] != "",
                    rx.el.p(rx.el.span(tr("groups.you_are")), " ", rx.el.strong(S.header["as"])),
                ),
                rx.cond(S.paused, paragraph("groups.paused_note")),
                rx.cond(S.facilitating, _facilitator_tools(), _write()),
                rx.cond(~S.facilitating, sharing_card()),
                list_card(
                    "groups.posts_title",
                    S.posts,
                    _post,
                    "groups.posts_none",
                ),
                rx.cond(
                    ~S.facilitating,
                    button(
                        "groups.leave", variant="secondary", icon="log-out", on_click=S.leave_here
                    ),
                ),
            ),
            rx.fragment(
                paragraph("groups.not_in"),
                link_button("groups.title", "/groups", icon="users"),
            ),
        ),
    )
