"""A support-group post held for safety, closed only with a note: on the group's page for its
facilitator, and on /alerts (where the notices point) for the facilitator and, once told,
the on-call clinician."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from portal_app.components.ui import button, catalog_message, form, link_button, tr
from portal_app.components.ui.var_types import Handler, Record, Text


def _where(row: Record) -> rx.Component:
    """On /alerts: which group, and why this reader sees it."""
    return rx.fragment(
        rx.el.p(tr("alerts.hold_group"), " ", rx.el.strong(row["group"])),
        rx.cond(row["facilitating"] != "yes", rx.el.p(tr("alerts.hold_on_call"))),
    )


def _links(row: Record, with_group: bool) -> rx.Component:
    """Whom to reach (when the reader may open their page) and, on /alerts, the group."""
    group = rx.cond(
        row["facilitating"] == "yes",
        link_button(
            "alerts.hold_open_group",
            "/group?id=" + row["group_id"],
            variant="secondary",
            icon="users",
        ),
    )
    return rx.el.div(
        rx.cond(
            row["patient"] != "",
            link_button(
                "groups.hold_patient",
                "/patient?id=" + row["patient"],
                variant="secondary",
                icon="user",
            ),
        ),
        group if with_group else rx.fragment(),
        class_name="button-row",
    )


def hold_form(
    row: Record,
    on_submit: Handler,
    *,
    with_group: bool = False,
    problem: Text = "",
    problem_for: Text = "",
    problems: Sequence[str] = (),
) -> rx.Component:
    """Who wrote it (their group name), what, whom to reach, and the note that closes it. A
    problem shows inside the form it is about, so it is in view where the person tapped."""
    return form(
        rx.el.p(rx.el.strong(row["name"]), " · ", tr("groups.hold_opened"), " ", row["when"]),
        rx.el.p(row["body"], class_name="message-body"),
        _where(row) if with_group else rx.fragment(),
        _links(row, with_group),
        rx.el.input(type="hidden", name="alert", value=row["id"]),
        rx.el.label(tr("groups.hold_note"), html_for="hold-" + row["id"], class_name="field-label"),
        rx.el.textarea(id="hold-" + row["id"], name="note", rows=2, class_name="field-input"),
        catalog_message(rx.cond(problem_for == row["id"], problem, ""), problems)
        if problems
        else rx.fragment(),
        button("groups.hold_close", button_type="submit", icon="check"),
        on_submit=on_submit,
        class_name="stack",
        no_validate=True,
    )
