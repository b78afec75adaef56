"""Before a first visit: the clinic's own questions, all on one page, sent once."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    form,
    link_button,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.choice import choice_row
from portal_app.components.ui.var_types import Record
from portal_app.content.catalog import LANGUAGES
from portal_app.pages.registry import portal_page
from portal_app.state.intake import FIELD_PROBLEMS, PROBLEMS, IntakeState

S = IntakeState
Row = ObjectVar[dict[str, str]]


def _both(texts: Record) -> list[rx.Component]:
    """The clinic's own words, in each language (CSS shows the reader's)."""
    return [rx.el.span(texts[lang], lang=lang, class_name="i18n") for lang in LANGUAGES]


def _label(q: Row) -> list[rx.Component]:
    return [
        rx.el.span(q["number"], ". "),
        *_both(q),
        rx.cond(q["required"] == "no", rx.el.span(" ", tr("intake.optional"))),
    ]


def _problem(q: Row) -> rx.Component:
    problems: Record = S.problem_of
    key = problems[q["id"]]
    return rx.el.div(
        *(rx.cond(key == k, rx.el.p(tr(k))) for k in FIELD_PROBLEMS),
        role="alert",
        id="problem-" + q["id"],
        class_name=rx.cond(key != "", "message message-error", "message"),
    )


def _field(q: Row, control: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.label(*_label(q), html_for="intake-" + q["id"], class_name="field-label"),
        control,
        _problem(q),
        class_name="field",
    )


def _choices(q: Row, rows: rx.Component) -> rx.Component:
    return rx.el.fieldset(rx.el.legend(*_label(q)), rows, _problem(q), class_name="choices")


def _question(q: Row) -> rx.Component:
    attrs = {"aria-describedby": "problem-" + q["id"]}
    return rx.match(
        q["kind"],
        (
            "choice",
            _choices(
                q,
                rx.foreach(
                    S.choices,
                    lambda c: rx.cond(
                        c["question"] == q["id"],
                        choice_row(q["id"], c["value"], rx.fragment(*_both(c))),
                    ),
                ),
            ),
        ),
        (
            "yes_no",
            _choices(
                q,
                rx.fragment(
                    choice_row(q["id"], "yes", tr("intake.yes")),
                    choice_row(q["id"], "no", tr("intake.no")),
                ),
            ),
        ),
        (
            "date",
            _field(
                q,
                rx.el.input(
                    id="intake-" + q["id"],
                    name=q["id"],
                    type="date",
                    class_name="field-input",
                    custom_attrs=attrs,
                ),
            ),
        ),
        _field(
            q,
            rx.el.textarea(
                id="intake-" + q["id"],
                name=q["id"],
                rows=3,
                max_length=2000,
                class_name="field-input",
                custom_attrs=attrs,
            ),
        ),
    )


def _form() -> rx.Component:
    return rx.el.section(
        rx.el.h2(*_both(S.title), class_name="card-title"),
        paragraph("intake.form_intro"),
        form(
            rx.foreach(S.questions, _question),
            rx.el.div(
                *(
                    rx.cond(
                        S.problem == k,
                        rx.el.p(
                            tr(k),
                            rx.cond(k == "intake.problem.summary", rx.el.span(" ", S.missing)),
                        ),
                    )
                    for k in PROBLEMS
                ),
                role="alert",
                class_name=rx.cond(S.problem != "", "message message-error", "message"),
            ),
            button("intake.send", button_type="submit", icon="send"),
            on_submit=S.send,
            class_name="stack",
            no_validate=True,
        ),
        class_name="card stack",
    )


@portal_page("/intake", "intake.title", active="home", on_load=(S.load_intake,))
def intake() -> rx.Component:
    return stack(
        page_heading("intake.title", "intake.intro"),
        rx.cond(
            S.done,
            card(
                "intake.thanks_title",
                paragraph("intake.thanks_body"),
                link_button("intake.home", "/", icon="house"),
            ),
            rx.cond(
                S.form_id != "",
                _form(),
                rx.cond(S.loaded, card("intake.none_title", paragraph("intake.none_body"))),
            ),
        ),
    )
