"""The clinician's home: their patients in priority order, each with what needs attention."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import button, form, link_button, page_heading, paragraph, stack, tr
from portal_app.pages.registry import portal_page
from portal_app.state.care_panel import CarePanelState as S
from portal_app.state.care_panel import PanelEntry

FLAGS = ("alert", "rising", "message", "visit", "request", "quiet", "refill")
QUIET_DAYS = (3, 7, 14)


def _flag(entry: ObjectVar[PanelEntry], flag: str) -> rx.Component:
    details = {
        "alert": rx.fragment(tr("panel.flag.alert"), " (", entry.alerts, ")"),
        "rising": rx.fragment(tr("panel.flag.rising"), " ", entry.rising),
        "message": rx.fragment(tr("panel.flag.message"), " ", entry.waiting),
        "quiet": rx.cond(
            entry.quiet == "never",
            tr("panel.flag.never"),
            rx.fragment(tr("panel.flag.quiet_before"), " ", entry.quiet, " ", tr("panel.days")),
        ),
        "refill": tr("panel.flag.refill"),
        "visit": tr("panel.flag.visit"),
        "request": tr("panel.flag.request"),
    }
    tone = "badge badge-rising" if flag in ("alert", "rising") else "badge"
    return rx.cond(entry.flags.contains(flag), rx.el.span(details[flag], class_name=tone))


def _patient(entry: ObjectVar[PanelEntry]) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(rx.el.strong(entry.name), class_name="thread-subject"),
            rx.cond(
                entry.flags.length() > 0,
                rx.el.span(*(_flag(entry, f) for f in FLAGS), class_name="flag-list"),
                rx.el.span(tr("panel.all_well"), class_name="thread-meta"),
            ),
            type="button",
            on_click=S.open_patient(entry.id),
            class_name=rx.cond(
                entry.high, "btn btn-answer panel-row panel-high", "btn btn-answer panel-row"
            ),
        ),
    )


def _filters() -> rx.Component:
    def choice(flag: str, label: str) -> rx.Component:
        return rx.el.button(
            tr(label),
            type="button",
            on_click=S.show_only(flag),
            class_name=rx.cond(S.only == flag, "btn btn-answer is-chosen", "btn btn-answer"),
            custom_attrs={"aria-pressed": rx.cond(S.only == flag, "true", "false")},
        )

    return rx.el.div(
        form(
            rx.el.label(
                tr("panel.search_label"), html_for="panel-search", class_name="field-label"
            ),
            rx.el.div(
                rx.el.input(
                    id="panel-search",
                    name="name",
                    type="search",
                    default_value=S.search,
                    key=S.search,
                    max_length=60,
                    auto_complete="off",
                    class_name="field-input",
                ),
                button("panel.search", button_type="submit", variant="secondary", icon="search"),
                class_name="button-row",
            ),
            on_submit=S.find,
        ),
        rx.el.details(
            rx.el.summary(tr("panel.more_filters"), class_name="btn btn-secondary"),
            rx.el.p(tr("panel.show"), class_name="field-label"),
            rx.el.div(
                choice("", "panel.only.all"),
                *(choice(f, f"panel.only.{f}") for f in FLAGS),
                class_name="filter-row",
            ),
            rx.el.p(tr("panel.quiet_label"), class_name="field-label"),
            rx.el.div(
                *(
                    rx.el.button(
                        str(days),
                        " ",
                        tr("panel.days"),
                        type="button",
                        on_click=S.quiet_for(days),
                        class_name=rx.cond(
                            S.quiet_after == days, "btn btn-answer is-chosen", "btn btn-answer"
                        ),
                        custom_attrs={
                            "aria-pressed": rx.cond(S.quiet_after == days, "true", "false")
                        },
                    )
                    for days in QUIET_DAYS
                ),
                class_name="filter-row",
            ),
            class_name="stack",
            # Open while a filter is on, so nobody wonders why patients are missing.
            open=S.only != "",
        ),
        class_name="card stack",
    )


@portal_page("/panel", "panel.title", active="home", on_load=(S.load_panel, S.watch))
def care_panel() -> rx.Component:
    return stack(
        page_heading("panel.title", "panel.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.el.div(
                    link_button("nav.alerts", "/alerts", icon="siren"),
                    link_button(
                        "nav.messages", "/messages", variant="secondary", icon="message-circle"
                    ),
                    class_name="button-row",
                ),
                rx.cond(
                    S.held > 0,
                    rx.el.section(
                        rx.el.p(rx.el.strong(tr("panel.held")), " ", S.held),
                        link_button("panel.held_open", "/alerts", icon="siren"),
                        class_name="card stack card-highlight",
                        role="status",
                    ),
                ),
                _filters(),
                rx.cond(
                    S.rows.length() > 0,
                    rx.el.ol(rx.foreach(S.rows, _patient), class_name="list panel-list"),
                    rx.cond(
                        (S.search == "") & (S.only == ""),
                        paragraph("panel.no_patients"),  # a new clinician: nothing is hidden
                        paragraph("panel.none"),
                    ),
                ),
            ),
            paragraph("alerts.clinicians_only"),
        ),
    )
