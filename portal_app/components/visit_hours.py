"""The clinician's side of Visits: requests to answer, the schedule, weekly hours, days away."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import button, card, choice_list, form, paragraph, row_button, tr
from portal_app.state.appointments import AppointmentsState as S

LENGTHS = (30, 45, 50, 60, 90)
GAPS = (0, 5, 10, 15)


def _request(row: ObjectVar[dict[str, str]]) -> rx.Component:
    note_id = "answer-" + row["id"]
    return rx.el.li(
        rx.el.p(rx.el.strong(row["patient"]), " · ", row["day"], " · ", row["time"]),
        rx.cond(row["reason"] != "", rx.el.p(row["reason"], class_name="user-text")),
        form(
            rx.el.input(type="hidden", name="visit_id", value=row["id"]),
            choice_list(
                "appointments.answer_label",
                "answer",
                [("approve", "appointments.approve"), ("decline", "appointments.decline")],
            ),
            rx.el.label(tr("appointments.answer_note"), html_for=note_id, class_name="field-label"),
            rx.el.textarea(
                id=note_id, name="note", rows=2, max_length=1000, class_name="field-input"
            ),
            button("appointments.send_answer", button_type="submit", icon="send"),
            on_submit=S.answer,
            class_name="stack",
        ),
        class_name="list-row",
    )


def _hours_form() -> rx.Component:
    return form(
        choice_list(
            "availability.weekday", "weekday", [(str(d), f"weekday.{d}") for d in range(7)]
        ),
        rx.el.label(tr("availability.starts"), html_for="hours-starts", class_name="field-label"),
        rx.el.input(id="hours-starts", name="starts", type="time", class_name="field-input"),
        rx.el.label(tr("availability.ends"), html_for="hours-ends", class_name="field-label"),
        rx.el.input(id="hours-ends", name="ends", type="time", class_name="field-input"),
        choice_list(
            "availability.length",
            "minutes",
            [(str(m), f"availability.minutes_{m}") for m in LENGTHS],
        ),
        choice_list(
            "availability.gap",
            "gap",
            [(str(g), f"availability.gap_{g}") for g in GAPS],
            default="10",
        ),
        choice_list(
            "availability.kind",
            "kind",
            [("in_person", "appointments.kind.in_person"), ("video", "appointments.kind.video")],
        ),
        rx.el.label(
            tr("availability.location"), html_for="hours-location", class_name="field-label"
        ),
        rx.el.p(
            tr("availability.location_hint"), id="hours-location-hint", class_name="field-hint"
        ),
        rx.el.input(
            id="hours-location",
            name="location",
            max_length=200,
            class_name="field-input",
            custom_attrs={"aria-describedby": "hours-location-hint"},
        ),
        button("availability.add", button_type="submit", icon="plus"),
        on_submit=S.add_hours,
        class_name="stack",
        no_validate=True,
    )


def clinician_view() -> rx.Component:
    return rx.fragment(
        card(
            "appointments.requests_title",
            rx.cond(
                S.requests.length() > 0,
                rx.el.ul(rx.foreach(S.requests, _request), class_name="list"),
                paragraph("appointments.no_requests"),
            ),
        ),
        card(
            "appointments.schedule_title",
            rx.cond(
                S.schedule.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        S.schedule,
                        lambda v: rx.el.li(
                            rx.el.strong(v["day"], " · ", v["time"]),
                            " · ",
                            v["patient"],
                            class_name="list-row",
                        ),
                    ),
                    class_name="list",
                ),
                paragraph("appointments.no_schedule"),
            ),
        ),
        card(
            "availability.title",
            rx.el.ul(
                rx.foreach(
                    S.hours,
                    lambda h: rx.el.li(
                        rx.el.p(
                            rx.match(
                                h["weekday"],
                                *((str(d), tr(f"weekday.{d}")) for d in range(7)),
                                rx.fragment(),
                            ),
                            " · ",
                            h["starts"],
                            " - ",
                            h["ends"],
                            " · ",
                            h["minutes"],
                            " min · ",
                            rx.cond(
                                h["kind"] == "video", tr("appointments.kind.video"), h["location"]
                            ),
                        ),
                        row_button(
                            "availability.remove",
                            rx.fragment(
                                rx.match(
                                    h["weekday"],
                                    *((str(d), tr(f"weekday.{d}")) for d in range(7)),
                                    rx.fragment(),
                                ),
                                " ",
                                h["starts"],
                            ),
                            on_click=S.remove_hours(h["id"]),
                            icon="x",
                        ),
                        class_name="list-row",
                    ),
                ),
                class_name="list",
            ),
            rx.el.details(
                rx.el.summary(tr("availability.add_title"), class_name="btn btn-secondary"),
                _hours_form(),
            ),
        ),
        card(
            "availability.away_title",
            rx.el.ul(
                rx.foreach(
                    S.away,
                    lambda e: rx.el.li(
                        rx.el.p(e["date"], " ", e["note"]),
                        row_button(
                            "availability.remove",
                            e["date"],
                            on_click=S.remove_away(e["id"]),
                            icon="x",
                        ),
                        class_name="list-row",
                    ),
                ),
                class_name="list",
            ),
            form(
                rx.el.label(
                    tr("availability.away_date"), html_for="away-date", class_name="field-label"
                ),
                rx.el.input(id="away-date", name="on_date", type="date", class_name="field-input"),
                rx.el.label(
                    tr("availability.away_note"), html_for="away-note", class_name="field-label"
                ),
                rx.el.input(id="away-note", name="note", max_length=200, class_name="field-input"),
                button(
                    "availability.add_away", button_type="submit", variant="secondary", icon="plus"
                ),
                on_submit=S.add_away,
                reset_on_submit=True,
                class_name="stack",
                no_validate=True,
            ),
        ),
    )
