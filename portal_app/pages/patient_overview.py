"""One page about one patient, for their care team: what needs attention first, then the rest."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.for_patient import for_patient
from portal_app.components.medicine_list import medicine_list
from portal_app.components.patient_reach import patient_reach
from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.risk_alert_card import alert_card, alert_reason
from portal_app.components.team_reading import team_reading_card
from portal_app.components.thought_parts import thought_lines
from portal_app.components.trend_parts import (
    assignments_card,
    recent_check_ins,
    scheduled_measure_charts,
    trend_chart,
)
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    link_button,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.icon import svg_icon
from portal_app.content.catalog import LANGUAGES
from portal_app.pages.registry import portal_page
from portal_app.state.medicines import MedicinesState
from portal_app.state.messages import MessagesState
from portal_app.state.patient_overview import NOTICES, PROBLEMS
from portal_app.state.patient_overview import PatientOverviewState as S
from portal_app.state.team_reading import TeamReadingState
from portal_app.state.trends import TrendsState

BANDS = ("minimal", "mild", "moderate", "moderately_severe", "severe")


def _actions() -> rx.Component:
    return rx.el.div(
        button(
            "overview.message", icon="message-circle", on_click=MessagesState.write_to(S.patient_id)
        ),
        button(
            "overview.share_document",
            variant="secondary",
            icon="file-up",
            on_click=MessagesState.write_to(S.patient_id),
        ),
        button("overview.remind", variant="secondary", icon="bell", on_click=S.remind_check_in),
        link_button("overview.all_medicines", "/medicines", variant="secondary", icon="pill"),
        link_button("overview.plan", "/plan", variant="secondary", icon="list-checks"),
        link_button("overview.records", "/records", variant="secondary", icon="folder-open"),
        link_button("safety.title_team", "/safety-plan", variant="secondary", icon="shield"),
        rx.el.a(
            svg_icon("download", size=22, class_name="btn-icon"),
            tr("record.download_theirs"),
            href="/api/fhir/Patient/" + S.patient_id + "/$everything",
            class_name="btn btn-secondary",
            custom_attrs={"reloadDocument": True},
        ),
        class_name="button-row",
    )


def _alerts() -> rx.Component:
    return card(
        "overview.alerts_title",
        rx.cond(
            S.alerts.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.alerts,
                    lambda row: alert_card(row, S.answers, S.problem, S.problem_for, S.acknowledge),
                ),
                class_name="stack alert-list",
            ),
            paragraph("overview.no_alerts"),
        ),
    )


def _reach() -> rx.Component:
    return card(
        "overview.reach_title",
        patient_reach(
            S.patient_name,
            S.contact["phone"],
            S.contact["phone_href"],
            S.contact["name"],
            S.contact["relation"],
            S.contact["other_phone"],
            S.contact["other_href"],
        ),
    )


def _closed_alerts() -> rx.Component:
    """Closed alerts keep their history: who closed each, when, and what they wrote."""
    return card(
        "overview.closed_alerts_title",
        rx.cond(
            S.closed.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.closed,
                    lambda c: rx.el.li(
                        rx.el.p(
                            rx.el.strong(alert_reason(c["reason"])),
                            " · ",
                            tr("alerts.opened"),
                            " ",
                            c["opened"],
                        ),
                        rx.el.p(tr("overview.closed_by"), " ", c["by"], " · ", c["closed"]),
                        rx.el.p(c["note"], class_name="user-text"),
                        class_name="list-row",
                    ),
                ),
                class_name="list",
            ),
            paragraph("overview.no_closed_alerts"),
        ),
    )


def _score(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(questionnaire_name(row["instrument"])),
        rx.el.p(
            row["total"],
            " · ",
            rx.match(row["band"], *((b, tr(f"trends.band.{b}")) for b in BANDS), rx.el.span("")),
            " · ",
            row["on"],
        ),
        rx.cond(row["before"] != "", rx.el.p(tr("overview.before"), " ", row["before"])),
        rx.cond(
            row["rising"] == "yes", rx.el.p(tr("trends.rising"), class_name="badge badge-rising")
        ),
        class_name="list-row",
    )


def _medicines() -> rx.Component:
    return card(
        "overview.medicines_title",
        medicine_list(S.medicines, "overview.no_medicines"),
        rx.cond(
            S.adherence["expected"] != "0",
            rx.el.p(
                S.adherence["taken"],
                " ",
                tr("adherence.of"),
                " ",
                S.adherence["expected"],
                " ",
                tr("adherence.doses_taken"),
                " · ",
                tr("overview.last_7_days"),
            ),
        ),
    )


def _messages() -> rx.Component:
    return card(
        "overview.messages_title",
        rx.cond(
            S.threads.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.threads,
                    lambda t: rx.el.li(
                        rx.el.button(
                            rx.el.strong(t["subject"]),
                            " · ",
                            t["last"],
                            rx.cond(
                                t["waiting"] == "yes",
                                rx.el.span(tr("overview.waiting"), class_name="badge badge-rising"),
                            ),
                            type="button",
                            on_click=MessagesState.show_thread(t["id"]),
                            class_name="btn btn-answer thread-button",
                        )
                    ),
                ),
                class_name="list thread-list",
            ),
            paragraph("overview.no_messages"),
        ),
    )


def _intake_line(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        *(rx.el.span(row[f"q_{lang}"], lang=lang, class_name="i18n") for lang in LANGUAGES),
        " ",
        *(
            rx.el.strong(
                rx.cond(row[f"a_{lang}"] != "", row[f"a_{lang}"], "—"), lang=lang, class_name="i18n"
            )
            for lang in LANGUAGES
        ),
        class_name="answer-line",
    )


def _intake() -> rx.Component:
    """The patient's answers to the clinic's intake form, question by question."""
    return card(
        "overview.intake_title",
        rx.cond(
            S.intake.length() > 0,
            rx.fragment(
                rx.el.p(
                    *(
                        rx.el.span(S.intake_head[f"form_{lang}"], lang=lang, class_name="i18n")
                        for lang in LANGUAGES
                    ),
                    " · ",
                    S.intake_head["when"],
                ),
                rx.el.ul(rx.foreach(S.intake, _intake_line), class_name="answer-list"),
            ),
            paragraph("overview.intake_none"),
        ),
    )


def _notes() -> rx.Component:
    return card(
        "overview.notes_title",
        for_patient(S.patient_name),
        paragraph("overview.notes_private", class_name="field-hint"),
        rx.foreach(
            S.notes,
            lambda n: rx.el.div(
                rx.el.p(rx.el.strong(n["author"]), " · ", n["when"], class_name="message-meta"),
                rx.el.p(n["body"], class_name="message-body"),
                class_name="team-note",
            ),
        ),
        form(
            rx.el.label(tr("overview.note_label"), html_for="team-note", class_name="field-label"),
            rx.el.textarea(
                id="team-note", name="note", rows=3, max_length=4000, class_name="field-input"
            ),
            rx.cond(S.problem_for == "note", catalog_message(S.problem, PROBLEMS)),
            button(
                "overview.add_note", button_type="submit", variant="secondary", icon="notebook-pen"
            ),
            on_submit=S.add_team_note,
            reset_on_submit=True,
            class_name="stack",
            no_validate=True,
        ),
    )


def _thoughts() -> rx.Component:
    return card(
        "overview.thoughts_title",
        rx.cond(
            S.thoughts.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.thoughts,
                    lambda r: rx.el.li(
                        rx.el.strong(r["when"]), *thought_lines(r), class_name="list-row stack"
                    ),
                ),
                class_name="list",
            ),
            paragraph("overview.no_thoughts"),
        ),
    )


def _guardian() -> rx.Component:
    fields = (
        ("caregivers.name_label", "guardian-name", "name", "text"),
        ("caregivers.email_label", "guardian-email", "email", "email"),
        ("caregivers.relationship_label", "guardian-relationship", "relationship", "text"),
    )
    return card(
        "overview.guardian_title",
        paragraph("overview.guardian_intro", class_name="field-hint"),
        form(
            *(
                rx.fragment(
                    rx.el.label(tr(label), html_for=field_id, class_name="field-label"),
                    rx.el.input(
                        id=field_id, name=name, type=kind, max_length=120, class_name="field-input"
                    ),
                )
                for label, field_id, name, kind in fields
            ),
            rx.cond(S.problem_for == "guardian", catalog_message(S.problem, PROBLEMS)),
            button(
                "overview.guardian_link", button_type="submit", variant="secondary", icon="users"
            ),
            on_submit=S.link_guardian,
            class_name="stack",
            no_validate=True,
        ),
    )


@portal_page(
    "/patient",
    "overview.title",
    active="home",
    on_load=(
        S.load_overview,
        S.watch,
        TrendsState.load_trends,
        MedicinesState.load_medicines,
        TeamReadingState.load_team_reading,
    ),
)
def patient_overview() -> rx.Component:
    return stack(
        page_heading("overview.title"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.el.h2(
                    S.patient_name, " · ", S.age, " ", tr("overview.years"), class_name="card-title"
                ),
                _actions(),
                rx.cond(
                    S.plan_changed,
                    rx.el.div(
                        paragraph("safety.changed_by_patient"),
                        link_button("safety.title_team", "/safety-plan", icon="shield"),
                        class_name="message message-info stack",
                    ),
                ),
                catalog_message(S.notice, NOTICES, tone="info"),
                rx.cond(S.problem_for == "", catalog_message(S.problem, PROBLEMS)),
                _alerts(),
                _reach(),
                card(
                    "overview.scores_title",
                    rx.cond(
                        S.scores.length() > 0,
                        rx.el.ul(rx.foreach(S.scores, _score), class_name="list"),
                        paragraph("overview.no_scores"),
                    ),
                ),
                trend_chart("mood", TrendsState.rows_mood),
                trend_chart("phq9", TrendsState.rows_phq9, TrendsState.rising_phq9),
                trend_chart("gad7", TrendsState.rows_gad7, TrendsState.rising_gad7),
                scheduled_measure_charts(),
                _intake(),
                _medicines(),
                card(
                    "overview.visits_title",
                    rx.cond(
                        S.visits.length() > 0,
                        rx.el.ul(
                            rx.foreach(
                                S.visits,
                                lambda v: rx.el.li(
                                    rx.el.strong(v["when"]),
                                    " · ",
                                    v["with"],
                                    rx.cond(
                                        v["status"] == "requested",
                                        rx.el.span(
                                            tr("appointments.status.requested"), class_name="badge"
                                        ),
                                    ),
                                    class_name="list-row",
                                ),
                            ),
                            class_name="list",
                        ),
                        paragraph("overview.no_visits"),
                    ),
                ),
                _closed_alerts(),
                _messages(),
                _notes(),
                _thoughts(),
                recent_check_ins(),
                # Tools used now and then, folded so the page reads as a summary first (found:
                # about 7,000 px to scroll on a desktop).
                rx.el.details(
                    rx.el.summary(tr("overview.more_tools"), class_name="btn btn-secondary"),
                    rx.el.div(
                        team_reading_card(), assignments_card(), _guardian(), class_name="stack"
                    ),
                    class_name="more-tools",
                ),
            ),
            rx.fragment(
                catalog_message(S.problem, PROBLEMS),
                link_button("overview.back_to_panel", "/panel", variant="secondary", icon="users"),
            ),
        ),
    )
