"""My record: progress, what the care team shared, medicines, allergies and downloads; for the
care team also sharing, allergies and their own psychotherapy notes."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.file_picker import file_picker
from portal_app.components.for_patient import for_patient
from portal_app.components.medicine_list import medicine_list
from portal_app.components.record_parts import (
    SEVERITIES,
    allergies_card,
    progress_card,
    shared_card,
)
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_list,
    choice_row,
    form,
    link_button,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.icon import svg_icon
from portal_app.components.voice import voiced_heading
from portal_app.pages.registry import portal_page
from portal_app.state.records import NOTICES, PROBLEMS
from portal_app.state.records import RecordsState as S

UPLOAD_ID = "record-file"


def _problem(place: str) -> rx.Component:
    return rx.cond(S.problem_for == place, catalog_message(S.problem, PROBLEMS))


def _label(key: str, for_id: str) -> rx.Component:
    return rx.el.label(tr(key), html_for=for_id, class_name="field-label")


def _marks() -> rx.Component:
    """Part 2 and teen-confidential marks, sent with the form they are in."""

    def box(mark: str) -> rx.Component:
        return rx.el.label(
            rx.el.input(type="checkbox", name=mark),
            rx.el.span(class_name="choice-mark", aria_hidden="true"),
            rx.el.span(tr(f"records.mark.{mark}"), class_name="choice-label"),
            class_name="choice",
        )

    return rx.el.fieldset(
        rx.el.legend(tr("records.mark.legend")),
        box("part2"),
        box("confidential"),
        class_name="choices",
    )


def _summary_form() -> rx.Component:
    visit_choices = rx.el.fieldset(
        rx.el.legend(tr("records.which_visit")),
        choice_row("visit", "", tr("records.no_visit"), checked=True),
        rx.foreach(S.visit_choices, lambda v: choice_row("visit", v["value"], v["label"])),
        class_name="choices",
    )
    return rx.el.details(
        rx.el.summary(tr("records.write_summary"), class_name="btn btn-secondary"),
        for_patient(S.patient_name),
        form(
            _label("records.title_label", "summary-title"),
            rx.el.input(id="summary-title", name="title", max_length=120, class_name="field-input"),
            visit_choices,
            _label("records.summary_label", "summary-text"),
            paragraph("records.summary_hint", class_name="field-hint"),
            rx.el.textarea(
                id="summary-text", name="summary", rows=6, max_length=8000, class_name="field-input"
            ),
            _marks(),
            _problem("summary"),
            button("records.share", button_type="submit", icon="send"),
            key=S.form_key.to_string(),
            on_submit=S.share_summary,
            class_name="stack",
            no_validate=True,
        ),
    )


def _document_form() -> rx.Component:
    """Choose the file, then title and mark it, then share: nothing reaches the patient
    before the last step (found: the file was shared the moment it was chosen)."""
    return rx.el.details(
        rx.el.summary(tr("records.share_document"), class_name="btn btn-secondary"),
        for_patient(S.patient_name),
        rx.cond(
            S.staged.contains("id"),  # type: ignore[attr-defined]  # a dict var reads as dict
            form(
                rx.el.p(
                    tr("records.file_chosen"),
                    " ",
                    rx.el.strong(S.staged["name"]),
                    " (",
                    S.staged["kb"],
                    " KB). ",
                    tr("records.not_shared_yet"),
                    class_name="message message-info",
                ),
                _label("records.title_label", "document-title"),
                rx.el.input(
                    id="document-title",
                    name="title",
                    max_length=120,
                    class_name="field-input",
                ),
                _marks(),
                rx.el.div(
                    button("records.share_now", button_type="submit", icon="send"),
                    button(
                        "records.discard",
                        variant="secondary",
                        icon="x",
                        on_click=S.discard_document,
                    ),
                    class_name="button-row",
                ),
                key=S.form_key.to_string(),
                on_submit=S.confirm_document,
                reset_on_submit=False,
                class_name="stack",
                no_validate=True,
            ),
            rx.el.div(
                file_picker(
                    UPLOAD_ID,
                    "records.choose_file",
                    on_drop=S.share_document(rx.upload_files(upload_id=UPLOAD_ID)),
                    on_drop_rejected=S.file_refused,
                    variant="primary",
                ),
                paragraph("records.file_hint", class_name="field-hint"),
                class_name="stack",
            ),
        ),
        _problem("document"),
        # The outcome shows here, where the clinician is looking, not at the top of the page.
        rx.cond(S.problem_for == "document", catalog_message(S.notice, NOTICES, tone="info")),
    )


def _allergy_form() -> rx.Component:
    return rx.el.details(
        rx.el.summary(tr("records.add_allergy"), class_name="btn btn-secondary"),
        for_patient(S.patient_name),
        form(
            _label("records.substance_label", "allergy-substance"),
            rx.el.input(
                id="allergy-substance", name="substance", max_length=120, class_name="field-input"
            ),
            _label("records.reaction_label", "allergy-reaction"),
            rx.el.input(
                id="allergy-reaction", name="reaction", max_length=300, class_name="field-input"
            ),
            choice_list(
                "records.severity_label",
                "severity",
                [(s, f"records.severity.{s}") for s in SEVERITIES],
                default="unknown",
            ),
            _problem("allergy"),
            button("records.add_allergy", button_type="submit", icon="plus"),
            key=S.form_key.to_string(),
            on_submit=S.add_allergy,
            class_name="stack",
            no_validate=True,
        ),
    )


def _own_notes() -> rx.Component:
    return card(
        "records.notes_title",
        paragraph("records.notes_private", class_name="field-hint"),
        rx.foreach(
            S.own_notes,
            lambda n: rx.el.div(
                rx.el.p(n["when"], class_name="message-meta"),
                rx.el.p(n["body"], class_name="message-body"),
                class_name="team-note",
            ),
        ),
        form(
            _label("records.note_label", "therapy-note"),
            rx.el.textarea(
                id="therapy-note", name="note", rows=4, max_length=8000, class_name="field-input"
            ),
            _problem("note"),
            button("records.save_note", button_type="submit", variant="secondary", icon="lock"),
            key=S.form_key.to_string(),
            on_submit=S.write_note,
            class_name="stack",
            no_validate=True,
        ),
    )


def _download(label_key: str, href: Var[str] | str, icon: str) -> rx.Component:
    return rx.el.a(
        svg_icon(icon, size=22, class_name="btn-icon"),
        tr(label_key),
        href=href,
        class_name="btn btn-secondary",
        # A real request to the server (Reflex would route a link inside the app).
        custom_attrs={"reloadDocument": True},
    )


def _medicines() -> rx.Component:
    return card(
        "records.medicines_title",
        medicine_list(S.medicines, "records.medicines_none"),
        link_button("records.all_medicines", "/medicines", variant="secondary", icon="pill"),
    )


def _downloads() -> rx.Component:
    return card(
        "records.download_title",
        rx.cond(
            S.is_clinician,
            _download(
                "record.download_theirs",
                "/api/fhir/Patient/" + S.patient_id + "/$everything",
                "download",
            ),
            rx.fragment(
                paragraph("records.download_hint"),
                rx.el.div(
                    _download("record.download", "/api/fhir/Patient/me/$everything", "download"),
                    _download("record.summary", "/api/record/summary", "printer"),
                    class_name="button-row",
                ),
            ),
        ),
    )


@portal_page("/records", "records.title", active="more", on_load=(S.load_records,))
def records() -> rx.Component:
    return stack(
        voiced_heading("records.title", "records.intro", staff_intro="records.intro_team"),
        rx.cond(S.problem_for != "document", catalog_message(S.notice, NOTICES, tone="info")),
        rx.cond(S.problem_for == "shared", catalog_message(S.problem, PROBLEMS)),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.cond(S.is_clinician, rx.el.h2(S.patient_name, class_name="card-title")),
                rx.cond(S.show_progress, progress_card()),
                shared_card(
                    rx.cond(S.is_clinician, rx.fragment(_summary_form(), _document_form()))
                ),
                rx.cond(S.show_medicines, _medicines()),
                allergies_card(
                    rx.cond(
                        S.is_clinician,
                        _allergy_form(),
                        rx.fragment(
                            paragraph("records.allergies_wrong"),
                            link_button(
                                "records.tell_team",
                                "/messages",
                                variant="secondary",
                                icon="message-circle",
                            ),
                        ),
                    ),
                ),
                rx.cond(~S.is_caregiver, _downloads()),
                rx.cond(S.is_clinician, _own_notes()),
            ),
            rx.fragment(
                # A caregiver is never sent to the clinicians' panel (found: "Go to your
                # patients" offered to Sam).
                rx.cond(
                    S.is_caregiver,
                    rx.fragment(
                        paragraph("caregivers.not_allowed"),
                        link_button(
                            "caregivers.switch", "/caregivers", variant="secondary", icon="users"
                        ),
                    ),
                    rx.fragment(
                        paragraph("records.pick_patient"),
                        link_button(
                            "overview.back_to_panel", "/panel", variant="secondary", icon="users"
                        ),
                    ),
                ),
            ),
        ),
    )
