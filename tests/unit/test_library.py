"""The reading library's content: every article in both languages with its facts, only safe
Markdown, links to our own pages only, a captioned video, and search in either language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from portal_app.content.catalog import LANGUAGES
from portal_app.content.library import (
    TOPICS,
    ContentError,
    _load,
    article,
    articles,
    on_topic,
    slugs,
    transcript,
)
from portal_app.services.library.library_search import search


def test_at_least_twenty_articles_in_every_language_covering_every_topic() -> None:
    assert len(slugs()) >= 20
    for language in LANGUAGES:
        assert [a.slug for a in articles(language)] == list(slugs())
        assert all(a.language == language and a.title and a.summary for a in articles(language))
    # Every topic the issue names has its own articles, listed under it.
    assert all(on_topic(topic) for topic in TOPICS)
    assert sorted(s for t in TOPICS for s in on_topic(t)) == sorted(slugs())


def test_each_article_has_a_reading_time_and_a_reviewed_date() -> None:
    for shown in articles("en"):
        words = len(f"{shown.title} {shown.plain_text}".split())
        assert shown.minutes == max(1, -(-words // 150)), shown.slug
        assert date(2026, 1, 1) <= shown.reviewed <= date.today()
        assert shown.blocks and shown.blocks[0].kind == "p", "each starts with plain words"


def test_links_in_articles_go_only_to_pages_of_the_portal() -> None:
    from portal_app.pages import PAGES

    routes = {page.route for page in PAGES}
    links = {
        span.href
        for language in LANGUAGES
        for shown in articles(language)
        for block in shown.blocks
        for spans in (block.spans, *block.items)
        for span in spans
        if span.href
    }
    assert {"/skills", "/safety-plan"} <= links
    assert links <= routes


BAD = {
    "a web link": "See [this](https://example.com).",
    "a sneaky web link": "See [this](//example.com).",
    "a small heading": "### Too deep",
    "a picture": "![chart](/x.png)",
    "raw html": "<script>alert(1)</script>",
    "inline html": "Hello <b onclick='x()'>there</b>.",
    "a list in a list": "- one\n  - two",
    "a code block": "Words.\n\n    code here",
}


@pytest.mark.parametrize("body", BAD.values(), ids=BAD.keys())
def test_anything_but_plain_markdown_is_refused(tmp_path: Path, body: str) -> None:
    page = tmp_path / "bad.md"
    page.write_text(
        "---\ntitle: T\nsummary: S\ntopics: [sleep]\nlanguage: en\nreviewed: 2026-11-20\n---\n"
        + body,
        encoding="utf-8",
    )
    with pytest.raises(ContentError):
        _load(page, "en")


@pytest.mark.parametrize(
    "meta",
    [
        "summary: S\ntopics: [sleep]\nlanguage: en\nreviewed: 2026-11-20",  # no title
        "title: T\nsummary: S\ntopics: [astrology]\nlanguage: en\nreviewed: 2026-11-20",
        "title: T\nsummary: S\ntopics: [sleep]\nlanguage: es\nreviewed: 2026-11-20",
        "title: T\nsummary: S\ntopics: [sleep]\nlanguage: en\nreviewed: soon",
        "title: T\nsummary: S\ntopics: [sleep]\nlanguage: en\nreviewed: 2026-11-20\nvideo: nope",
    ],
)
def test_missing_or_wrong_facts_are_refused(tmp_path: Path, meta: str) -> None:
    page = tmp_path / "bad.md"
    page.write_text(f"---\n{meta}\n---\nWords.", encoding="utf-8")
    with pytest.raises(ContentError):
        _load(page, "en")


def test_a_good_article_keeps_bold_and_our_links() -> None:
    grounding = article("trauma-grounding", "en")
    spans = [span for block in grounding.blocks for span in block.spans]
    assert any(span.href == "/skills" and span.text == "Calming skills" for span in spans)
    kinds = [block.kind for block in article("panic-riding-the-wave", "en").blocks]
    assert "ol" in kinds and "h2" in kinds


def test_the_video_has_captions_and_a_transcript_in_each_language() -> None:
    with_video = [a for a in articles("en") if a.video]
    assert with_video
    for language in LANGUAGES:
        lines = transcript(with_video[0].video, language)
        assert len(lines) >= 2
    assert transcript("breathing", "en")[0].startswith("Breathe in")
    assert transcript("breathing", "es")[0].startswith("Tome aire")


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("cravings", "recovery-cravings"),
        ("antojos", "recovery-cravings"),
        ("PANICO", "panic-attacks"),
        ("worry time", "anxiety-worry-time"),
        ("  naloxone ", "recovery-first-steps"),
    ],
)
def test_search_finds_words_in_either_language_ignoring_accents_and_capitals(
    query: str, first: str
) -> None:
    assert search(query)[0] == first


def test_search_needs_every_word_and_a_real_word() -> None:
    assert search("") == [] and search(" ? ") == []
    assert search("sleep xylophone") == []
    assert set(search("sleep alcohol")) <= set(search("sleep"))
