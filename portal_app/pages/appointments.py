"""Visits: for patients, upcoming and past visits, booking, moving and cancelling; for
clinicians, requests to answer, their schedule, weekly hours and days away."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.clinic_contact import clinic_call_button
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.icon import svg_icon
from portal_app.components.visit_hours import clinician_view
from portal_app.components.voice import voiced_heading
from portal_app.pages.registry import portal_page
from portal_app.state.appointments import PROBLEMS
from portal_app.state.appointments import AppointmentsState as S
from portal_app.state.clinic import ClinicState
from portal_app.state.viewer import ViewerState

NOTICES = (
    "appointments.booked",
    "appointments.request_sent",
    "appointments.moved",
    "appointments.cancelled",
    "appointments.answered",
    "availability.saved",
)
STATUSES = ("booked", "requested", "cancelled", "declined", "completed", "missed")


def _status(status: Var[str]) -> rx.Component:
    return rx.match(
        status,
        *((s, rx.el.span(tr(f"appointments.status.{s}"), class_name="badge")) for s in STATUSES),
        rx.fragment(),
    )


def _place(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.cond(
        row["kind"] == "video",
        rx.cond(
            row["video"] != "",
            rx.el.a(
                tr("appointments.join_video"),
                href=row["video"],
                target="_blank",
                rel="noopener noreferrer",
                class_name="btn btn-primary",
            ),
            paragraph("appointments.video_later"),
        ),
        rx.el.p(tr("appointments.where"), " ", row["location"]),
    )


def _upcoming(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["day"], " · ", row["time"]), " · ", row["with"]),
        _status(row["status"]),
        _place(row),
        rx.el.div(
            rx.el.a(
                svg_icon("calendar-plus", size=22, class_name="btn-icon"),
                tr("appointments.add_to_calendar"),
                href="/api/appointments/" + row["id"] + "/calendar.ics",
                class_name="btn btn-secondary",
                custom_attrs={"reloadDocument": True},
            ),
            rx.cond(
                S.can_change,
                rx.fragment(
                    button(
                        "appointments.move",
                        variant="secondary",
                        icon="clock",
                        on_click=S.move(row["id"]),
                    ),
                    button(
                        "appointments.cancel",
                        variant="secondary",
                        icon="x",
                        on_click=S.ask_cancel(row["id"]),
                    ),
                ),
            ),
            class_name="button-row",
        ),
        rx.cond(
            S.cancelling == row["id"],
            form(
                rx.el.input(type="hidden", name="visit_id", value=row["id"]),
                rx.el.label(
                    tr("appointments.cancel_why"), html_for="cancel-why", class_name="field-label"
                ),
                rx.el.textarea(
                    id="cancel-why", name="reason", rows=2, max_length=500, class_name="field-input"
                ),
                rx.el.div(
                    button("appointments.yes_cancel", button_type="submit", icon="x"),
                    button("appointments.keep", variant="secondary", on_click=S.keep_visit),
                    class_name="button-row",
                ),
                on_submit=S.confirm_cancel,
                class_name="stack",
            ),
        ),
        class_name="list-row",
    )


def _slot_picker() -> rx.Component:
    return card(
        "appointments.book_title",
        rx.cond(S.moving != "", paragraph("appointments.moving_hint")),
        rx.cond(
            S.clinicians.length() > 1,
            rx.el.div(
                rx.foreach(
                    S.clinicians,
                    lambda c: rx.el.button(
                        c["name"],
                        type="button",
                        on_click=S.choose_clinician(c["id"]),
                        class_name=rx.cond(
                            S.clinician_id == c["id"], "btn btn-answer is-chosen", "btn btn-answer"
                        ),
                        custom_attrs={
                            "aria-pressed": rx.cond(S.clinician_id == c["id"], "true", "false")
                        },
                    ),
                ),
                class_name="answer-list",
            ),
        ),
        rx.cond(
            S.chosen_slot != "",
            form(
                rx.el.p(rx.el.strong(tr("appointments.confirm"), " ", S.chosen_label)),
                rx.cond(
                    S.moving == "",
                    rx.fragment(
                        rx.el.label(
                            tr("appointments.reason_label"),
                            html_for="visit-reason",
                            class_name="field-label",
                        ),
                        rx.el.textarea(
                            id="visit-reason",
                            name="reason",
                            rows=2,
                            max_length=500,
                            class_name="field-input",
                        ),
                    ),
                ),
                rx.el.div(
                    button("appointments.yes_book", button_type="submit", icon="check"),
                    button(
                        "appointments.other_time", variant="secondary", on_click=S.not_this_time
                    ),
                    class_name="button-row",
                ),
                on_submit=S.confirm_slot,
                class_name="stack",
            ),
            rx.cond(
                S.slots.length() > 0,
                rx.fragment(
                    rx.el.ul(
                        rx.foreach(
                            S.slots,
                            lambda s: rx.el.li(
                                rx.el.button(
                                    s["day"],
                                    " · ",
                                    rx.el.strong(s["time"]),
                                    " · ",
                                    rx.cond(
                                        s["kind"] == "video",
                                        tr("appointments.kind.video"),
                                        tr("appointments.kind.in_person"),
                                    ),
                                    type="button",
                                    on_click=S.choose_slot(s["start"]),
                                    class_name="btn btn-answer",
                                )
                            ),
                        ),
                        class_name="answer-list slot-list",
                    ),
                    rx.cond(
                        S.more_times,
                        button(
                            "appointments.more_times",
                            variant="secondary",
                            on_click=S.show_more_times,
                        ),
                    ),
                ),
                rx.cond(
                    S.clinician_id != "",
                    rx.fragment(paragraph("appointments.no_slots"), clinic_call_button()),
                    paragraph("appointments.pick_clinician"),
                ),
            ),
        ),
    )


def _patient() -> rx.Component:
    return rx.fragment(
        card(
            "appointments.upcoming_title",
            rx.cond(
                S.upcoming.length() > 0,
                rx.el.ul(rx.foreach(S.upcoming, _upcoming), class_name="list"),
                paragraph("appointments.none_upcoming"),
            ),
        ),
        rx.cond(
            S.problem == "appointments.too_late",
            rx.el.p(
                tr("appointments.call_us"),
                " ",
                rx.el.a(ClinicState.clinic_phone, href=ClinicState.clinic_phone_href),
            ),
        ),
        rx.cond(S.can_book | (S.moving != ""), _slot_picker()),
        card(
            "appointments.past_title",
            rx.cond(
                S.past.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        S.past,
                        lambda r: rx.el.li(
                            rx.el.p(rx.el.strong(r["day"], " · ", r["time"]), " · ", r["with"]),
                            _status(r["status"]),
                            rx.cond(r["note"] != "", rx.el.p(r["note"], class_name="user-text")),
                            class_name="list-row",
                        ),
                    ),
                    class_name="list",
                ),
                paragraph("appointments.none_past"),
            ),
        ),
    )


@portal_page("/appointments", "appointments.title", active="more", on_load=(S.load_appointments,))
def appointments() -> rx.Component:
    return stack(
        voiced_heading("appointments.title", "appointments.intro"),
        catalog_message(S.notice, NOTICES, tone="info"),
        catalog_message(S.problem, PROBLEMS),
        rx.cond(
            S.allowed,
            rx.cond(S.is_clinician, clinician_view(), _patient()),
            rx.cond(
                ViewerState.role == "caregiver",
                paragraph("caregivers.not_allowed"),
                paragraph("appointments.sign_in"),
            ),
        ),
    )
