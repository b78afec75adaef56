"""Sharing a name or phone with a support group, by choice. Members see what others chose to
share; a member shares in their own words after saying they understand everyone in the group
will see it, and can stop at any time. Teen groups say contact details are not shared here."""

from __future__ import annotations

import reflex as rx

from portal_app.components.static_html import crisis_help
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    check_box,
    form,
    paragraph,
    tr,
)
from portal_app.state.group_space import SHARE_OUTCOMES, SHARE_PROBLEMS, GroupSpaceState

S = GroupSpaceState


def _share_form() -> rx.Component:
    return form(
        rx.el.label(tr("groups.share_label"), html_for="group-share", class_name="field-label"),
        rx.el.p(tr("groups.share_hint"), class_name="field-hint", id="group-share-hint"),
        rx.el.input(
            id="group-share",
            name="shared",
            max_length=200,
            default_value=S.my_share,
            aria_describedby="group-share-hint",
            class_name="field-input",
        ),
        check_box("understood", "groups.share_understood", value="yes"),
        catalog_message(S.share_problem, SHARE_PROBLEMS),
        rx.cond(S.share_crisis, rx.el.div(crisis_help(), role="status")),
        catalog_message(S.share_outcome, SHARE_OUTCOMES, tone="info"),
        rx.el.div(
            button("groups.share_button", button_type="submit", icon="send"),
            rx.cond(
                S.my_share != "",
                button(
                    "groups.share_stop", variant="secondary", icon="eye-off", on_click=S.stop_share
                ),
            ),
            class_name="button-row",
        ),
        on_submit=S.share_contact,
        key=S.my_share,  # the box shows what is shared now, after every change
        class_name="stack",
        no_validate=True,
    )


def _shared_list() -> rx.Component:
    return rx.cond(
        S.shared.length() > 0,
        rx.el.ul(
            rx.foreach(
                S.shared,
                lambda s: rx.el.li(
                    rx.el.p(
                        rx.el.strong(s["name"]),
                        rx.cond(s["mine"] == "yes", rx.el.span(" ", tr("groups.shared_you"))),
                    ),
                    rx.el.p(s["text"], class_name="message-body"),
                    class_name="list-row",
                    aria_label=s["name"],
                ),
            ),
            class_name="list",
        ),
        paragraph("groups.shared_none"),
    )


def sharing_card() -> rx.Component:
    """For members: what others share, and their own choice."""
    return card(
        "groups.share_title",
        rx.cond(
            S.may_share,
            rx.fragment(paragraph("groups.share_intro"), _shared_list(), _share_form()),
            paragraph("groups.share_teens_note"),
        ),
    )
