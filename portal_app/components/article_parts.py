"""An article of the reading library, built into the page at compile time in every language
(CSS shows the reader's), so it opens before React loads and offline from the saved page.

Lists of articles a state picks (suggested, picked, found) carry names only; `article_link`
turns a name into its title and summary, also from the compiled pages."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.vars import Var

from portal_app.components.listen import listen_button
from portal_app.components.ui import tr
from portal_app.content.catalog import LANGUAGES, text
from portal_app.content.library import Article, Block, Span, article, slugs, transcript

VIDEO_DIR = "/videos"


def article_href(slug: str) -> str:
    return f"/learn/{slug}"


def _in_each_language(make: Callable[[str], rx.Component]) -> rx.Component:
    """One element per language, tagged so CSS shows only the reader's."""
    return rx.fragment(*(make(lang) for lang in LANGUAGES))


def _spans(spans: tuple[Span, ...]) -> list[rx.Component | str]:
    """Words, with page names in bold: the pages themselves are large buttons after the text
    (a link inside a sentence is too small a target for an unsteady thumb)."""
    return [rx.el.strong(s.text) if s.strong or s.href else s.text for s in spans]


def _pages_named(shown: Article) -> rx.Component:
    named: dict[str, str] = {}
    for block in shown.blocks:
        for spans in (block.spans, *block.items):
            named.update({span.href: span.text for span in spans if span.href})
    if not named:
        return rx.fragment()
    return rx.el.section(
        rx.el.h2(text("reading.open_in_app", shown.language), class_name="article-heading"),
        rx.el.div(
            *(
                rx.el.a(name, href=href, class_name="btn btn-secondary")
                for href, name in named.items()
            ),
            class_name="button-list",
        ),
        class_name="stack",
    )


def _block(block: Block) -> rx.Component:
    if block.kind == "h2":
        return rx.el.h2(*_spans(block.spans), class_name="article-heading")
    if block.kind == "p":
        return rx.el.p(*_spans(block.spans))
    items = [rx.el.li(*_spans(item)) for item in block.items]
    return rx.el.ol(*items) if block.kind == "ol" else rx.el.ul(*items)


def _meta(shown: Article) -> str:
    minutes = text("reading.minutes", shown.language).format(minutes=shown.minutes)
    reviewed = text("reading.reviewed", shown.language).format(
        month=text(f"month.{shown.reviewed.month}", shown.language), year=shown.reviewed.year
    )
    return f"{minutes} · {reviewed}"


def _video(shown: Article) -> rx.Component:
    lang = shown.language
    return rx.el.figure(
        rx.el.video(
            rx.el.track(
                kind="captions",
                src=f"{VIDEO_DIR}/{shown.video}.{lang}.vtt",
                src_lang=lang,
                label=text(f"settings.language.{lang}", lang),
                default=True,
            ),
            src=f"{VIDEO_DIR}/{shown.video}.webm",
            controls=True,
            preload="metadata",
            plays_inline=True,
            class_name="article-video",
            aria_label=f"{text('reading.video_label', lang)}: {shown.title}",
        ),
        rx.el.details(
            rx.el.summary(text("reading.transcript", lang), class_name="btn btn-secondary"),
            *(rx.el.p(line) for line in transcript(shown.video, lang)),
            class_name="transcript",
        ),
        class_name="article-figure",
    )


def _version(slug: str, lang: str) -> rx.Component:
    shown = article(slug, lang)
    return rx.el.article(
        rx.el.h1(shown.title, class_name="page-title"),
        rx.el.p(_meta(shown), class_name="field-hint"),
        listen_button(f"article-text-{lang}"),
        _video(shown) if shown.video else rx.fragment(),
        rx.el.div(
            rx.el.p(shown.summary, class_name="article-summary"),
            *(_block(b) for b in shown.blocks),
            id=f"article-text-{lang}",
            class_name="article-text stack",
        ),
        _pages_named(shown),
        lang=lang,
        class_name="i18n article stack",
    )


def article_view(slug: str) -> rx.Component:
    """The whole article: title, reading time, checked date, Listen, text and any video."""
    return rx.el.div(
        rx.el.a(tr("reading.back"), href="/learn", class_name="back-link"),
        _in_each_language(lambda lang: _version(slug, lang)),
        class_name="stack",
    )


def _title_and_summary(slug: str) -> rx.Component:
    return _in_each_language(
        lambda lang: rx.el.span(
            rx.el.span(article(slug, lang).title, class_name="article-link-title"),
            rx.el.span(
                f"{article(slug, lang).summary} · "
                + text("reading.minutes", lang).format(minutes=article(slug, lang).minutes),
                class_name="article-link-summary",
            ),
            lang=lang,
            class_name="i18n article-link-text",
        )
    )


def article_link(slug: str) -> rx.Component:
    """A large link to one article: its title, one line about it and its reading time."""
    return rx.el.a(_title_and_summary(slug), href=article_href(slug), class_name="article-link")


def article_link_for(slug: Var[str]) -> rx.Component:
    """The same link for a name held by a state (any article of the library)."""
    return rx.match(slug, *((name, article_link(name)) for name in slugs()), rx.fragment())
