"""The care team's reading card on a patient's page: the topics of their care (which pick the
patient's reading) and the articles suggested to them, with whether each was opened."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import button, card, catalog_message, form, paragraph, row_button, tr
from portal_app.content.library import TOPICS
from portal_app.state.team_reading import NOTICES, PROBLEMS
from portal_app.state.team_reading import TeamReadingState as T


def _topic(topic: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            checked=T.topics.contains(topic),
            on_change=T.toggle_topic(topic),
        ),
        rx.el.span(class_name="choice-mark", aria_hidden="true"),
        rx.el.span(tr(f"reading.topic.{topic}"), class_name="choice-label"),
        class_name="choice",
    )


def _suggestion(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["title"]), " · ", row["when"]),
        rx.el.p(
            rx.cond(
                row["opened"] != "",
                rx.fragment(tr("reading.team_opened"), " ", row["opened"]),
                tr("reading.team_not_opened"),
            ),
            class_name="field-hint",
        ),
        row_button(
            "reading.take_back", row["title"], on_click=T.take_back(row["id"]), icon="undo-2"
        ),
        class_name="list-row stack",
    )


def team_reading_card() -> rx.Component:
    return card(
        "reading.team_title",
        paragraph("reading.team_intro", class_name="field-hint"),
        rx.el.fieldset(
            rx.el.legend(tr("reading.team_topics")),
            *(_topic(t) for t in TOPICS),
            class_name="choices",
        ),
        form(
            rx.el.label(tr("reading.team_pick"), html_for="reading-slug", class_name="field-label"),
            rx.el.select(
                rx.el.option(T.choose_label, value=""),
                rx.foreach(T.choices, lambda c: rx.el.option(c["title"], value=c["slug"])),
                id="reading-slug",
                name="slug",
                class_name="field-input",
            ),
            button("reading.team_suggest", button_type="submit", icon="book-open"),
            key=T.form_key.to_string(),
            on_submit=T.suggest,
            class_name="stack",
            no_validate=True,
        ),
        catalog_message(T.problem, PROBLEMS),
        catalog_message(T.notice, NOTICES, tone="info"),
        rx.el.h3(tr("reading.team_suggested"), class_name="topic-title"),
        rx.cond(
            T.suggestions.length() > 0,
            rx.el.ul(rx.foreach(T.suggestions, _suggestion), class_name="list"),
            paragraph("reading.team_none"),
        ),
    )
