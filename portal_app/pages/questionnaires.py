"""Questionnaires: pick one, answer one question per screen, then read what it means."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.listen import listen_button
from portal_app.components.static_html import crisis_help
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.var_types import Record
from portal_app.content.catalog import LANGUAGES
from portal_app.pages.registry import portal_page
from portal_app.state.questionnaire import OFFERED, QuestionnaireState

S = QuestionnaireState
RESULT_KEYS = tuple(
    [f"result.phq9.{b}" for b in ("minimal", "mild", "moderate", "moderately_severe", "severe")]
    + [f"result.gad7.{b}" for b in ("minimal", "mild", "moderate", "severe")]
    + [f"result.{i}.{p}" for i in ("phq2", "gad2") for p in ("positive", "negative")]
    + [f"result.cssrs.{r}" for r in ("none", "low", "moderate", "high")]
    + [f"result.{i}.{p}" for i in ("pcl5", "epds") for p in ("positive", "negative")]
    + [f"result.audit.zone_{z}" for z in (1, 2, 3, 4)]
    + ["result.auditc.scored"]
)


def _both(texts: Record) -> list[rx.Component]:
    """Content from an instrument file, in each language (CSS shows the reader's)."""
    return [rx.el.span(texts[lang], lang=lang, class_name="i18n") for lang in LANGUAGES]


def _pick() -> rx.Component:
    return rx.fragment(
        paragraph("questionnaire.pick_intro"),
        rx.el.div(
            *(
                rx.cond(
                    S.choices.contains(name),
                    button(
                        f"questionnaire.name.{name}",
                        variant="secondary",
                        icon="clipboard-list",
                        on_click=S.start(name),
                    ),
                )
                for name in OFFERED
            ),
            class_name="button-list",
        ),
    )


def _option(option: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.button(
        *[rx.el.span(option[lang], lang=lang, class_name="i18n") for lang in LANGUAGES],
        type="button",
        on_click=S.choose(option["value"]),
        class_name=rx.cond(
            S.selected == option["value"], "btn btn-answer is-chosen", "btn btn-answer"
        ),
        custom_attrs={"aria-pressed": rx.cond(S.selected == option["value"], "true", "false")},
    )


def _question() -> rx.Component:
    return rx.el.section(
        rx.el.h2(*_both(S.title), class_name="card-title"),
        rx.el.p(
            tr("questionnaire.progress_a"),
            " ",
            S.number.to_string(),
            " ",
            tr("questionnaire.progress_b"),
            " ",
            S.count.to_string(),
            class_name="progress-text",
        ),
        rx.el.progress(
            value=S.number, max=S.count, class_name="progress", custom_attrs={"aria-hidden": "true"}
        ),
        rx.el.div(
            rx.el.p(*_both(S.stem), class_name="field-hint"),
            rx.el.p(*_both(S.question), class_name="question", id="question-text"),
            id="question-read",
        ),
        listen_button("question-read"),
        rx.el.div(
            rx.foreach(S.options, _option),
            class_name="answer-list",
            role="group",
            custom_attrs={"aria-labelledby": "question-text"},
        ),
        catalog_message(S.problem, ("questionnaire.not_saved",)),
        button("questionnaire.back", variant="secondary", icon="arrow-left", on_click=S.back),
        class_name="card stack",
    )


def _crisis() -> rx.Component:
    return rx.el.section(
        rx.el.h2(tr("questionnaire.crisis_title"), class_name="card-title"),
        paragraph("questionnaire.crisis_body"),
        crisis_help(),
        button("questionnaire.crisis_continue", icon="arrow-right", on_click=S.after_crisis),
        class_name="card stack card-highlight",
    )


def _result() -> rx.Component:
    return rx.el.section(
        rx.el.h2(tr("questionnaire.result_title"), class_name="card-title"),
        rx.el.div(
            catalog_message(S.result_key, RESULT_KEYS, tone="info"),
            rx.cond(S.total != "", rx.el.p(tr("questionnaire.score"), " ", rx.el.strong(S.total))),
            id="result-read",
        ),
        listen_button("result-read"),
        rx.cond(S.previous != "", rx.el.p(tr("questionnaire.previous"), " ", S.previous)),
        # Thoughts with intent, a plan or recent behaviour: help again, right here.
        rx.cond(S.result_key == "result.cssrs.high", crisis_help()),
        paragraph("questionnaire.next_steps"),
        rx.cond(
            S.follow_up,
            rx.fragment(
                paragraph("questionnaire.follow_up"),
                button(
                    "questionnaire.follow_up_button", icon="arrow-right", on_click=S.start_follow_up
                ),
            ),
            button(
                "questionnaire.done",
                variant="secondary",
                icon="check",
                on_click=S.load_questionnaires,
            ),
        ),
        class_name="card stack",
    )


@portal_page(
    "/questionnaires",
    "questionnaire.title",
    active="check_in",
    on_load=(QuestionnaireState.load_questionnaires,),
)
def questionnaires() -> rx.Component:
    return stack(
        page_heading("questionnaire.title", "questionnaire.intro"),
        rx.el.div(paragraph("check_in.who_reads"), class_name="notice"),
        rx.match(
            S.step,
            ("question", _question()),
            ("crisis", _crisis()),
            ("result", _result()),
            card("questionnaire.pick_title", _pick()),
        ),
    )
