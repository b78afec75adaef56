"""The reading library: /learn lists and searches the articles (with, for a signed-in reader,
what their care team suggested and what fits their care); /learn/<name> is one article.

Every page is open to all (a clinic can link to an article), and each article is its own
compiled page, so it is saved for offline like any other page."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.article_parts import (
    article_href,
    article_link,
    article_link_for,
    article_view,
)
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.var_types import Rows
from portal_app.content.library import TOPICS, article, on_topic, slugs
from portal_app.pages.registry import portal_page
from portal_app.state.reading import ReadingState as R


def _links(names: Rows) -> rx.Component:
    return rx.el.ul(
        rx.foreach(names, lambda slug: rx.el.li(article_link_for(slug))), class_name="article-list"
    )


def _suggested_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        article_link_for(row["slug"]),
        rx.el.p(
            tr("reading.suggested_by"),
            " ",
            row["by"],
            " · ",
            row["when"],
            " ",
            rx.cond(
                row["opened"] == "yes",
                rx.el.span(tr("reading.opened"), class_name="badge"),
                rx.el.span(tr("reading.new"), class_name="badge badge-new"),
            ),
            class_name="field-hint",
        ),
        class_name="stack",
    )


def _care_topics() -> rx.Component:
    """Why these were picked: the topics of the patient's care, as their care team set them."""
    return rx.el.p(
        tr("reading.picked_intro"),
        rx.foreach(
            R.topics,
            lambda topic: rx.fragment(
                " ",
                rx.el.span(
                    rx.match(
                        topic, *((t, tr(f"reading.topic.{t}")) for t in TOPICS), rx.fragment()
                    ),
                    class_name="badge badge-better",
                ),
            ),
        ),
        class_name="field-hint",
    )


def _personal() -> rx.Component:
    return rx.fragment(
        rx.cond(
            R.suggested.length() > 0,
            card(
                "reading.suggested_title",
                rx.el.ul(rx.foreach(R.suggested, _suggested_row), class_name="article-list"),
            ),
        ),
        rx.el.section(
            rx.el.h2(
                rx.cond(R.caregiver, tr("reading.picked_caregiver"), tr("reading.picked_title")),
                class_name="card-title",
            ),
            rx.cond(
                R.picked.length() > 0,
                rx.fragment(
                    rx.cond(~R.caregiver, _care_topics()),
                    _links(R.picked),
                ),
                paragraph("reading.none_picked"),
            ),
            class_name="card stack",
        ),
    )


def _search() -> rx.Component:
    return rx.el.section(
        form(
            rx.el.label(
                tr("reading.search_label"), html_for="reading-query", class_name="field-label"
            ),
            rx.el.p(tr("reading.search_hint"), id="reading-query-hint", class_name="field-hint"),
            rx.el.input(
                id="reading-query",
                name="query",
                type="search",
                default_value=R.query,
                auto_complete="off",
                class_name="field-input",
                custom_attrs={"aria-describedby": "reading-query-hint"},
            ),
            catalog_message(R.search_problem, ("reading.search_empty",)),
            rx.el.div(
                button("reading.search_button", button_type="submit", icon="search"),
                rx.cond(
                    R.searched,
                    button(
                        "reading.search_clear",
                        variant="secondary",
                        icon="x",
                        on_click=R.clear_search,
                    ),
                ),
                class_name="button-row",
            ),
            on_submit=R.search,
            role="search",
            class_name="stack",
            no_validate=True,
        ),
        rx.cond(
            R.searched,
            rx.el.div(
                rx.el.h2(tr("reading.results_title"), class_name="card-title"),
                rx.cond(
                    R.found.length() > 0,
                    _links(R.found),
                    paragraph("reading.no_results"),
                ),
                role="status",
                class_name="stack",
            ),
        ),
        class_name="card stack",
    )


def _topics() -> rx.Component:
    return card(
        "reading.topics_title",
        *(
            rx.el.div(
                rx.el.h3(tr(f"reading.topic.{topic}"), class_name="topic-title"),
                rx.el.ul(
                    *(rx.el.li(article_link(s)) for s in on_topic(topic)), class_name="article-list"
                ),
                class_name="stack",
            )
            for topic in TOPICS
            if on_topic(topic)
        ),
    )


@portal_page("/learn", "reading.title", active="more", public=True, on_load=(R.load_reading,))
def reading_library() -> rx.Component:
    return stack(
        page_heading("reading.title", "reading.intro"),
        rx.cond(R.personal, _personal()),
        _search(),
        _topics(),
    )


def _article_page(slug: str) -> None:
    def content() -> rx.Component:
        return stack(article_view(slug))

    content.__name__ = f"article_{slug.replace('-', '_')}"
    portal_page(
        article_href(slug),
        "reading.title",
        active="more",
        public=True,
        on_load=(R.opened(slug),),
        title=article(slug, "en").title,
    )(content)


for _slug in slugs():
    _article_page(_slug)
