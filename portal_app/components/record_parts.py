"""Parts of the record page: the progress report, what the care team shared, and allergies."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.questionnaire_name import questionnaire_name
from portal_app.components.ui import card, paragraph, row_button, tr
from portal_app.components.ui.icon import svg_icon
from portal_app.components.ui.var_types import Record
from portal_app.state.records import ProgressRow
from portal_app.state.records import RecordsState as S

BANDS = ("minimal", "mild", "moderate", "moderately_severe", "severe")
SEVERITIES = ("mild", "moderate", "severe", "unknown")


def band_text(band: Var[str]) -> rx.Component:
    return rx.match(band, *((b, tr(f"trends.band.{b}")) for b in BANDS), rx.el.span(""))


def _score(label_key: str, point: Record) -> rx.Component:
    return rx.el.p(
        rx.el.strong(tr(label_key)),
        " ",
        point["total"],
        " (",
        band_text(point["band"]),
        ") · ",
        point["on"],
    )


def _progress(row: ObjectVar[ProgressRow]) -> rx.Component:
    return rx.el.li(
        rx.el.h3(questionnaire_name(row.instrument), class_name="card-title"),
        rx.match(
            row.direction,
            ("better", rx.el.p(tr("records.progress.better"), class_name="badge badge-better")),
            ("worse", rx.el.p(tr("records.progress.worse"), class_name="badge badge-rising")),
            rx.el.p(tr("records.progress.same"), class_name="badge"),
        ),
        rx.cond(
            row.readings.length() > 1,
            rx.fragment(
                _score("records.progress.first", row.first),
                _score("records.progress.latest", row.latest),
                rx.el.p(tr("records.progress.change"), " ", row.change),
            ),
            _score("records.progress.only", row.latest),
        ),
        rx.el.details(
            rx.el.summary(tr("records.progress.all_scores"), class_name="btn btn-secondary"),
            rx.el.table(
                rx.el.caption(questionnaire_name(row.instrument)),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(tr("trends.day"), scope="col"),
                        rx.el.th(tr("records.progress.score"), scope="col"),
                        rx.el.th(tr("records.progress.level"), scope="col"),
                    )
                ),
                rx.el.tbody(
                    rx.foreach(
                        row.readings,
                        lambda r: rx.el.tr(
                            rx.el.td(r["on"]), rx.el.td(r["total"]), rx.el.td(band_text(r["band"]))
                        ),
                    )
                ),
                class_name="data-table",
            ),
        ),
        class_name="list-row stack",
    )


def progress_card() -> rx.Component:
    return card(
        "records.progress_title",
        rx.cond(
            S.progress.length() > 0,
            rx.fragment(
                paragraph("records.progress.lower_is_better", class_name="field-hint"),
                rx.el.ul(rx.foreach(S.progress, _progress), class_name="list"),
            ),
            paragraph("records.progress.none"),
        ),
    )


def _shared(item: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.h3(item["title"], class_name="user-text"),
        rx.el.p(
            rx.cond(
                item["kind"] == "visit_summary",
                tr("records.kind.visit_summary"),
                tr("records.kind.document"),
            ),
            " · ",
            tr("records.shared_by"),
            " ",
            item["by"],
            " · ",
            item["when"],
            class_name="message-meta",
        ),
        rx.cond(item["visit"] != "", rx.el.p(tr("records.about_visit"), " ", item["visit"])),
        rx.cond(
            item["part2"] == "yes",
            rx.el.p(tr("records.part2_notice"), class_name="badge badge-rising"),
        ),
        rx.cond(
            (item["confidential"] == "yes") & S.is_clinician,
            rx.el.p(tr("records.mark.confidential_badge"), class_name="badge"),
        ),
        rx.cond(item["body"] != "", rx.el.p(item["body"], class_name="message-body")),
        rx.cond(
            item["file"] != "",
            rx.el.a(
                svg_icon("download", size=22, class_name="btn-icon"),
                tr("records.open_file"),
                " ",
                item["file"],
                " (",
                item["size"],
                ")",
                href="/api/records/" + item["id"] + "/file",
                class_name="btn btn-secondary",
                custom_attrs={"reloadDocument": True},
            ),
        ),
        rx.cond(
            S.is_clinician,
            row_button(
                "records.withdraw", item["title"], on_click=S.withdraw(item["id"]), icon="undo-2"
            ),
        ),
        class_name="list-row stack",
    )


def shared_card(*extra: rx.Component) -> rx.Component:
    return card(
        "records.shared_title",
        rx.cond(
            S.shared.length() > 0,
            rx.el.ul(rx.foreach(S.shared, _shared), class_name="list"),
            rx.cond(
                S.is_clinician,
                paragraph("records.shared_none_team"),
                paragraph("records.shared_none"),
            ),
        ),
        *extra,
    )


def _allergy(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["substance"], class_name="user-text"),
        rx.cond(row["reaction"] != "", rx.el.span(" · ", row["reaction"], class_name="user-text")),
        rx.el.p(
            rx.match(
                row["severity"],
                *((s, tr(f"records.severity.{s}")) for s in SEVERITIES),
                rx.el.span(""),
            ),
            " · ",
            tr("records.noted_by"),
            " ",
            row["by"],
            " · ",
            row["when"],
            class_name="message-meta",
        ),
        rx.cond(
            S.is_clinician,
            row_button(
                "records.remove_allergy",
                row["substance"],
                on_click=S.remove_allergy(row["id"]),
                icon="x",
            ),
        ),
        class_name="list-row",
    )


def allergies_card(*extra: rx.Component) -> rx.Component:
    return card(
        "records.allergies_title",
        rx.cond(
            S.allergies.length() > 0,
            rx.el.ul(rx.foreach(S.allergies, _allergy), class_name="list"),
            paragraph("records.allergies_none"),
        ),
        *extra,
    )
