"""Visit requests from the clinic's website, for clinic admins: who to reach and how; mark
each one reached, then take it off the list."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import button, card, page_heading, paragraph, stack, tr
from portal_app.components.ui.icon import svg_icon
from portal_app.pages.registry import portal_page
from portal_app.state.admin_requests import BEST_TIME, CONTACT_BY, FOR_WHOM
from portal_app.state.admin_requests import AdminRequestsState as S

Row = ObjectVar[dict[str, str]]


def _said(row: Row, field: str, options: tuple[str, ...]) -> rx.Component:
    """A stored choice ("morning") in the reader's words."""
    return rx.match(
        row[field],
        *((value, tr(f"embed.request.{field}.{value}")) for value in options),
        rx.fragment(),
    )


def _line(label: str, *value: rx.Component | rx.Var[str]) -> rx.Component:
    return rx.el.p(rx.el.span(tr(label)), " ", *value)


def _reach(icon: str, scheme: str, where: rx.Var[str]) -> rx.Component:
    """The number or address as a one-tap button (call, or write from the admin's own mail)."""
    return rx.el.p(
        rx.el.a(
            svg_icon(icon, size=22, class_name="btn-icon"),
            rx.el.span(where, class_name="phone-number"),
            href=scheme + where.to(str),
            class_name="btn btn-secondary",
        )
    )


def _status(row: Row) -> rx.Component:
    return rx.match(
        row["status"],
        ("new", tr("requests.status.new")),
        ("called", tr("requests.status.called")),
        tr("requests.status.closed"),
    )


def _done(row: Row) -> rx.Component:
    """What just happened to this request, said in its own row (in view where the admin
    tapped, even far down the list on a phone). Always there, empty: steady.js brings new
    words in it into view."""
    here = S.done_for == row["id"]
    return rx.el.div(
        rx.cond(
            here,
            rx.cond(
                S.done_key == "requests.closed",
                rx.el.p(tr("requests.closed")),
                rx.el.p(tr("requests.marked_called")),
            ),
        ),
        role="status",
        class_name=rx.cond(here, "message message-info", "message"),
    )


def _buttons(row: Row) -> rx.Component:
    return rx.cond(
        row["status"] != "closed",
        rx.el.div(
            rx.cond(
                row["status"] == "new",
                button(
                    "requests.mark_called",
                    variant="secondary",
                    icon="phone",
                    on_click=S.mark_called(row["id"]),
                ),
            ),
            button(
                "requests.close", variant="secondary", icon="check", on_click=S.close(row["id"])
            ),
            class_name="button-row",
        ),
    )


def _row(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["name"]), " · ", _status(row)),
        _line("requests.asked", row["received"]),
        _line("requests.for_whom", _said(row, "for_whom", FOR_WHOM)),
        _line("requests.reach_by", _said(row, "contact_by", CONTACT_BY)),
        rx.cond(row["phone"] != "", _reach("phone", "tel:", row["phone"])),
        rx.cond(row["email"] != "", _reach("mail", "mailto:", row["email"])),
        _line("requests.best_time", _said(row, "best_time", BEST_TIME)),
        _line("requests.language", rx.cond(row["language"] == "es", "Español", "English")),
        _done(row),
        _buttons(row),
        aria_label=row["name"],
        class_name="list-row",
    )


@portal_page("/admin/requests", "requests.title", active="more", on_load=(S.load_requests,))
def admin_requests() -> rx.Component:
    return stack(
        page_heading("requests.title", "requests.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                card(
                    "requests.list_title",
                    rx.cond(
                        S.requests.length() > 0,
                        rx.el.ul(rx.foreach(S.requests, _row), class_name="list"),
                        paragraph("requests.none"),
                    ),
                ),
            ),
            paragraph("admin.not_allowed"),
        ),
    )
