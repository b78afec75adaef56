"""Risk alerts for clinicians: highest level first; each closes only with a note."""

from __future__ import annotations

import reflex as rx

from portal_app.components.push_devices import push_devices
from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.risk_alert_card import alert_card
from portal_app.components.safety_hold import hold_form
from portal_app.components.ui import (
    card,
    catalog_message,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.alerts import HOLD_PROBLEMS, AlertsState
from portal_app.state.devices import DevicesState

S = AlertsState


def _holds() -> rx.Component:
    """Support-group posts held for safety that this clinician may close (only when any)."""
    return rx.cond(
        (S.holds.length() > 0) | S.hold_done,
        rx.el.section(
            rx.el.h2(tr("alerts.holds_title"), class_name="card-title"),
            paragraph("alerts.holds_intro"),
            catalog_message(
                rx.cond(S.hold_done, "alerts.hold_done", ""), ("alerts.hold_done",), tone="info"
            ),
            rx.foreach(
                S.holds,
                lambda h: hold_form(
                    h,
                    S.acknowledge_hold,
                    with_group=True,
                    problem=S.hold_problem,
                    problem_for=S.hold_for,
                    problems=HOLD_PROBLEMS,
                ),
            ),
            class_name="card stack card-highlight",
        ),
    )


@portal_page(
    "/alerts",
    "alerts.title",
    active="home",
    on_load=(S.load_alerts, S.watch, DevicesState.load_devices),
)
def alerts() -> rx.Component:
    return stack(
        page_heading("alerts.title", "alerts.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                catalog_message(rx.cond(S.done, "alerts.done", ""), ("alerts.done",), tone="info"),
                rx.cond(
                    S.alerts.length() > 0,
                    rx.el.ul(
                        rx.foreach(
                            S.alerts,
                            lambda row: alert_card(
                                row, S.answers, S.problem, S.problem_for, S.acknowledge
                            ),
                        ),
                        class_name="stack alert-list",
                    ),
                    paragraph("alerts.none"),
                ),
                _holds(),
                card(
                    "alerts.device.title",
                    paragraph("alerts.device.why"),
                    paragraph("alerts.device.private"),
                    push_devices("alerts.device"),
                ),
                card(
                    "alerts.overdue_title",
                    rx.cond(
                        S.overdue.length() > 0,
                        rx.el.ul(
                            rx.foreach(
                                S.overdue,
                                lambda d: rx.el.li(
                                    rx.el.strong(d["patient"]),
                                    rx.el.p(
                                        questionnaire_name(d["instrument"]),
                                        " · ",
                                        tr("alerts.overdue_since"),
                                        " ",
                                        d["due"],
                                    ),
                                    class_name="list-row",
                                ),
                            ),
                            class_name="list",
                        ),
                        paragraph("alerts.overdue_none"),
                    ),
                ),
            ),
            paragraph("alerts.clinicians_only"),
        ),
    )
