"""Intake forms, for clinic admins: questions new patients answer before a first visit, in
English and Spanish. Build a draft, check it, publish it; copy a published form to change it."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    choice_list,
    form,
    list_card,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_intake import KINDS, PROBLEMS
from portal_app.state.admin_intake import AdminIntakeState as S

Row = ObjectVar[dict[str, str]]
DONE = ("intake_admin.published", "intake_admin.retired")


def _status(row: Row) -> rx.Component:
    return rx.match(
        row["status"],
        ("draft", tr("intake_admin.status.draft")),
        ("published", tr("intake_admin.status.published")),
        tr("intake_admin.status.retired"),
    )


def _form_row(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["en"]), " · ", _status(row)),
        rx.el.p(row["es"], lang="es"),
        rx.el.p(tr("intake_admin.questions_count"), " ", row["count"]),
        rx.el.div(
            rx.cond(
                row["status"] == "draft",
                button(
                    "intake_admin.edit",
                    variant="secondary",
                    icon="pencil",
                    on_click=S.edit(row["id"]),
                ),
            ),
            rx.cond(
                row["status"] == "published",
                button(
                    "intake_admin.stop",
                    variant="secondary",
                    icon="circle-stop",
                    on_click=S.stop_offering(row["id"]),
                ),
            ),
            rx.cond(
                row["status"] != "draft",
                button(
                    "intake_admin.new_version",
                    variant="secondary",
                    icon="plus",
                    on_click=S.new_version(row["id"]),
                ),
            ),
            class_name="button-row",
        ),
        aria_label=row["en"],
        class_name="list-row",
    )


def _question_row(row: Row) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["en"])),
        rx.el.p(row["es"], lang="es"),
        rx.el.p(
            rx.match(
                row["kind"], *((k, tr(f"intake_admin.kind.{k}")) for k in KINDS), rx.fragment()
            ),
            rx.cond(row["required"] == "no", rx.el.span(" · ", tr("intake.optional"))),
        ),
        rx.cond(row["choices"] != "", rx.el.p(row["choices"])),
        button(
            "intake_admin.remove", variant="secondary", icon="trash-2", on_click=S.remove(row["id"])
        ),
        class_name="list-row",
    )


def _textarea(label: str, name: str, hint: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label), html_for=f"field-{name}", class_name="field-label"),
        rx.el.p(tr(hint), id=f"field-{name}-hint", class_name="field-hint"),
        rx.el.textarea(
            id=f"field-{name}",
            name=name,
            rows=4,
            class_name="field-input",
            custom_attrs={"aria-describedby": f"field-{name}-hint"},
        ),
        class_name="field",
    )


def _editor() -> rx.Component:
    return rx.el.section(
        rx.el.h2(tr("intake_admin.editing"), " ", S.editing_title, class_name="card-title"),
        rx.cond(
            S.questions.length() > 0,
            rx.el.ol(rx.foreach(S.questions, _question_row), class_name="list"),
            paragraph("intake_admin.no_questions"),
        ),
        form(
            rx.el.h3(tr("intake_admin.add_title")),
            choice_list(
                "intake_admin.kind_legend",
                "kind",
                [(k, f"intake_admin.kind.{k}") for k in KINDS],
                default="text",
            ),
            text_field("intake_admin.question_en", "en"),
            text_field("intake_admin.question_es", "es"),
            _textarea("intake_admin.choices_en", "choices_en", "intake_admin.choices_hint"),
            _textarea("intake_admin.choices_es", "choices_es", "intake_admin.choices_hint"),
            choice_list(
                "intake_admin.required_legend",
                "required",
                [("yes", "intake_admin.required_yes"), ("no", "intake_admin.required_no")],
                default="yes",
            ),
            catalog_message(S.question_problem, PROBLEMS),
            button("intake_admin.add", button_type="submit", icon="plus"),
            on_submit=S.add,
            reset_on_submit=False,
            key=S.add_key,
            class_name="stack",
            no_validate=True,
        ),
        paragraph("intake_admin.publish_hint"),
        catalog_message(S.publish_problem, PROBLEMS),
        button("intake_admin.publish", icon="send", on_click=S.publish_draft),
        class_name="card stack",
    )


@portal_page("/admin/intake", "intake_admin.title", active="more", on_load=(S.load_intake_admin,))
def admin_intake() -> rx.Component:
    return stack(
        page_heading("intake_admin.title", "intake_admin.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.cond(S.editing != "", _editor()),
                list_card(
                    "intake_admin.list_title",
                    S.forms,
                    _form_row,
                    "intake_admin.none",
                    catalog_message(S.done_key, DONE, tone="info"),
                ),
                card(
                    "intake_admin.new_title",
                    form(
                        text_field("intake_admin.title_en", "title_en"),
                        text_field("intake_admin.title_es", "title_es"),
                        catalog_message(S.create_problem, PROBLEMS),
                        button("intake_admin.create", button_type="submit", icon="plus"),
                        on_submit=S.create,
                        key=S.create_key,
                        class_name="stack",
                        no_validate=True,
                    ),
                ),
            ),
            paragraph("admin.not_allowed"),
        ),
    )
