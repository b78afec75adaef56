"""Medicines: today's doses, the list, the week's adherence and refills (patients); the same
for a chosen patient plus adding medicines and answering refill requests (clinicians)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.as_written import as_written
from portal_app.components.dose_list import dose_list
from portal_app.components.for_patient import for_patient
from portal_app.components.patient_picker import patient_picker
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.components.voice import voiced_heading
from portal_app.pages.registry import portal_page
from portal_app.state.medicines import PROBLEMS
from portal_app.state.medicines import MedicinesState as S
from portal_app.state.viewer import ViewerState

SAVED = (
    "medicines.added",
    "medicines.times_saved",
    "refills.asked",
    "refills.answered",
    "doses.noted",
    "doses.over_max",
)
ADHERENCE = ("adherence.none_due", "adherence.great", "adherence.good", "adherence.new_start")
REFILL_STATUS = ("pending", "approved", "declined")
WEEKDAYS = range(7)


def _detail(label_key: str, value: Var[str]) -> rx.Component:
    return rx.cond(value != "", rx.el.p(tr(label_key), " ", value))


def _refill_button(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """Two taps: "Ask for a refill", then "Yes, ask" (or "Not now")."""
    return rx.cond(
        S.confirm_refill_for == row["id"],
        rx.el.div(
            rx.el.p(tr("refills.confirm")),
            rx.el.div(
                button("refills.yes", icon="send", on_click=S.confirm_refill(row["id"])),
                button("refills.not_now", variant="secondary", on_click=S.cancel_refill),
                class_name="button-row",
            ),
            class_name="stack",
        ),
        button("refills.ask", variant="secondary", icon="pill", on_click=S.ask_refill(row["id"])),
    )


def _retime(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """The patient's own dose times: their reminders follow."""
    field_id = "times-" + row["id"]
    return rx.el.details(
        rx.el.summary(tr("medicines.retime"), class_name="btn btn-secondary"),
        form(
            rx.el.input(type="hidden", name="medicine_id", value=row["id"]),
            rx.el.label(tr("medicines.times_label"), html_for=field_id, class_name="field-label"),
            rx.el.p(tr("medicines.times_hint"), id=field_id + "-hint", class_name="field-hint"),
            rx.el.input(
                id=field_id,
                name="times",
                custom_attrs={"aria-describedby": field_id + "-hint"},
                default_value=row["times"],
                class_name="field-input",
                auto_complete="off",
            ),
            button("medicines.save_times", button_type="submit", icon="check"),
            on_submit=S.set_times,
            reset_on_submit=False,
            class_name="stack",
            no_validate=True,
        ),
    )


def _medicine(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.h3(row["name"], " · ", row["dose"]),
        _detail("medicines.for", row["reason"]),
        _detail("medicines.how", row["instructions"]),
        rx.cond(row["instructions"] != "", as_written()),
        rx.cond(
            row["as_needed"] == "yes",
            rx.el.p(tr("medicines.as_needed")),
            _detail("medicines.times", row["times"]),
        ),
        rx.cond(
            row["max"] != "",
            rx.el.p(
                tr("medicines.daily_most"),
                " ",
                row["max"],
                " · ",
                tr("medicines.taken_today"),
                " ",
                row["today"],
                rx.cond(row["over"] == "yes", rx.el.strong(" · ", tr("medicines.over_most"))),
                class_name=rx.cond(row["over"] == "yes", "badge badge-rising", ""),
            ),
        ),
        _detail("medicines.prescriber", row["prescriber"]),
        _detail("medicines.started", row["started"]),
        rx.cond(S.can_retime & (row["as_needed"] != "yes"), _retime(row)),
        rx.cond(
            S.can_log & (row["as_needed"] == "yes"),
            button("doses.took_now", icon="check", on_click=S.took_as_needed(row["id"])),
        ),
        rx.cond(
            S.can_refill,
            rx.cond(
                row["refill_waiting"] == "yes",
                rx.el.p(tr("refills.waiting_line"), class_name="badge"),
                _refill_button(row),
            ),
        ),
        _messages(row["id"]),
        rx.cond(
            S.is_clinician,
            button(
                "medicines.stop",
                variant="secondary",
                icon="circle-stop",
                on_click=S.stop_medicine(row["id"]),
            ),
        ),
        class_name="list-row",
    )


def _adherence(*, voice: str = "adherence.", title: str = "adherence.title") -> rx.Component:
    """The week's doses; staff read what the number means in staff words, never the
    patient's encouragement (found: "Great job. You are taking your doses." to a clinician),
    and a caregiver reads about the person they help."""
    return card(
        title,
        rx.cond(
            S.adherence["percent"] != "",
            rx.el.p(
                rx.el.strong(S.adherence["taken"]),
                " ",
                tr("adherence.of"),
                " ",
                rx.el.strong(S.adherence["expected"]),
                " ",
                tr("adherence.doses_taken"),
                class_name="big-number",
            ),
        ),
        rx.match(
            S.adherence["message"],
            *((k, paragraph(voice + k.removeprefix("adherence."))) for k in ADHERENCE),
            rx.fragment(),
        ),
    )


def _log_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["name"]), " · ", row["at"]),
        rx.el.p(
            rx.match(
                row["status"],
                *((s, tr(f"doses.status.{s}")) for s in ("taken", "late", "skipped")),
                rx.fragment(),
            ),
            rx.cond(row["due"] != "", rx.fragment(" · ", tr("doses.was_due"), " ", row["due"])),
        ),
        class_name="list-row",
    )


def _dose_log() -> rx.Component:
    return card(
        "doses.log_title",
        rx.cond(
            S.log.length() > 0,
            rx.el.ul(rx.foreach(S.log, _log_row), class_name="list"),
            paragraph("doses.log_none"),
        ),
    )


def _refills() -> rx.Component:
    return rx.cond(
        S.refills.length() > 0,
        card(
            "refills.title",
            rx.el.ul(
                rx.foreach(
                    S.refills,
                    lambda r: rx.el.li(
                        rx.el.p(rx.el.strong(r["medicine"]), " · ", r["asked"]),
                        rx.match(
                            r["status"],
                            *((s, rx.el.p(tr(f"refills.status.{s}"))) for s in REFILL_STATUS),
                            rx.fragment(),
                        ),
                        rx.cond(r["note"] != "", rx.el.p(tr("refills.note"), " ", r["note"])),
                        class_name="list-row",
                    ),
                ),
                class_name="list",
            ),
        ),
    )


def _add_form() -> rx.Component:
    return card(
        "medicines.add_title",
        for_patient(S.patient_name),
        form(
            text_field("medicines.name", "name", required=True),
            text_field("medicines.dose", "dose", hint_key="medicines.dose_hint", required=True),
            text_field("medicines.instructions", "instructions"),
            text_field("medicines.reason", "reason"),
            text_field("medicines.prescriber_label", "prescriber"),
            text_field("medicines.started_on", "started_on", input_type="date", required=True),
            text_field("medicines.times_label", "times", hint_key="medicines.times_hint"),
            text_field(
                "medicines.max_label",
                "max_per_day",
                input_type="number",
                hint_key="medicines.max_hint",
            ),
            rx.el.fieldset(
                rx.el.legend(tr("medicines.days"), class_name="field-label"),
                paragraph("medicines.days_hint"),
                *(
                    rx.el.label(
                        rx.el.input(type="checkbox", name=f"day{d}"),
                        tr(f"weekday.{d}"),
                        class_name="check-row",
                    )
                    for d in WEEKDAYS
                ),
                class_name="stack",
            ),
            rx.el.label(
                rx.el.input(type="checkbox", name="as_needed"),
                tr("medicines.as_needed_label"),
                class_name="check-row",
            ),
            _messages("add"),
            button("medicines.add", button_type="submit", icon="plus"),
            on_submit=S.add_medicine,
            reset_on_submit=False,
            class_name="stack",
            no_validate=True,
        ),
    )


def _waiting_refill(row: ObjectVar[dict[str, str]]) -> rx.Component:
    note_id = "refill-note-" + row["id"]
    return rx.el.li(
        rx.el.p(rx.el.strong(row["patient"]), " · ", row["medicine"], " · ", row["asked"]),
        form(
            rx.el.input(type="hidden", name="refill_id", value=row["id"]),
            rx.el.fieldset(
                rx.el.legend(tr("refills.decision"), class_name="field-label"),
                *(
                    rx.el.label(
                        rx.el.input(type="radio", name="decision", value=value),
                        tr(f"refills.{value}"),
                        class_name="check-row",
                    )
                    for value in ("approve", "decline")
                ),
            ),
            rx.el.label(tr("refills.note_label"), html_for=note_id, class_name="field-label"),
            rx.el.textarea(
                id=note_id, name="note", rows=2, max_length=500, class_name="field-input"
            ),
            button("refills.send_answer", button_type="submit", icon="send"),
            on_submit=S.decide_refill,
            class_name="stack",
            no_validate=True,
        ),
        class_name="list-row",
    )


def _list() -> rx.Component:
    return card(
        "medicines.list_title",
        rx.cond(
            S.medicines.length() > 0,
            rx.el.ul(rx.foreach(S.medicines, _medicine), class_name="list"),
            paragraph("medicines.none"),
        ),
    )


def _messages(where: str | Var[str] = "") -> rx.Component:
    """The last outcome, shown only at the place it belongs to (see MedicinesState.where)."""
    here = S.where == where
    return rx.fragment(
        catalog_message(rx.cond(here, S.problem, ""), PROBLEMS),
        catalog_message(rx.cond(here, S.saved, ""), SAVED, tone="info"),
    )


def _patient_view() -> rx.Component:
    return rx.fragment(
        _messages(),
        card("doses.today_title", dose_list()),
        rx.cond(
            ViewerState.role == "caregiver",
            _adherence(voice="adherence.helper.", title="adherence.title_helper"),
            _adherence(),
        ),
        _dose_log(),
        _list(),
        _refills(),
    )


def _clinician_view() -> rx.Component:
    return rx.fragment(
        card(
            "refills.waiting_title",
            rx.cond(
                S.waiting.length() > 0,
                rx.el.ul(rx.foreach(S.waiting, _waiting_refill), class_name="list"),
                paragraph("refills.none_waiting"),
            ),
        ),
        patient_picker(S.patients, S.patient_id, S.choose_patient),
        _messages(),
        rx.cond(
            S.patient_id != "",
            rx.fragment(
                _adherence(voice="adherence.staff."), _dose_log(), _list(), _refills(), _add_form()
            ),
        ),
    )


@portal_page("/medicines", "medicines.title", active="home", on_load=(S.load_medicines,))
def medicines() -> rx.Component:
    return stack(
        voiced_heading("medicines.title", "medicines.intro", staff_intro="medicines.staff_intro"),
        rx.cond(
            S.allowed,
            rx.cond(S.is_clinician, _clinician_view(), _patient_view()),
            rx.cond(ViewerState.role == "caregiver", paragraph("caregivers.not_allowed")),
        ),
    )
