"""The reading library: plain-language articles written for this project, one Markdown file per
article and language under content/articles/{en,es}/, with YAML front matter (title, summary,
topics, language, reviewed date, optional video).

Articles are parsed once into a few safe block kinds (headings, paragraphs, lists; bold and
links to our own pages inside them). Anything else in a file is a mistake in the content and
fails loudly at start-up, rather than showing a patient something broken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import frontmatter
import webvtt
from markdown_it import MarkdownIt
from markdown_it.token import Token

from portal_app.content.catalog import LANGUAGES

ARTICLES_DIR = Path(__file__).parent / "articles"
VIDEOS_DIR = Path(__file__).resolve().parents[2] / "assets" / "videos"
# Conditions and subjects, in the order the library lists them.
TOPICS = (
    "depression",
    "anxiety",
    "panic",
    "sleep",
    "trauma",
    "substance_use",
    "medicines",
    "care_team",
    "crisis",
    "caregiving",
)
WORDS_PER_MINUTE = 150  # a slow, careful reader
# HTML is parsed (not escaped) so that any of it in a file is found and refused below.
_MARKDOWN = MarkdownIt("commonmark", {"html": True})


class ContentError(ValueError):
    """An article file breaks the rules above."""


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False
    href: str = ""  # only our own pages ("/skills"), never the outside web


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "p", "ul" or "ol"
    spans: tuple[Span, ...] = ()
    items: tuple[tuple[Span, ...], ...] = ()


@dataclass(frozen=True)
class Article:
    slug: str
    language: str
    title: str
    summary: str
    topics: tuple[str, ...]
    reviewed: date
    blocks: tuple[Block, ...]
    video: str = ""

    @property
    def plain_text(self) -> str:
        """The body as plain sentences (for search, reading level and word count)."""
        lines: list[str] = []
        for block in self.blocks:
            for spans in (block.spans, *block.items):
                if spans:
                    lines.append("".join(span.text for span in spans))
        return "\n".join(lines)

    @property
    def minutes(self) -> int:
        words = len(f"{self.title} {self.plain_text}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _spans(inline: Token, where: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    strong, href = False, ""
    for child in inline.children or []:
        if child.type == "text":
            spans.append(Span(child.content, strong, href))
        elif child.type in ("softbreak", "hardbreak"):
            spans.append(Span(" ", strong, href))
        elif child.type in ("strong_open", "strong_close"):
            strong = child.type == "strong_open"
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if not href.startswith("/") or href.startswith("//"):
                raise ContentError(f"{where}: links may only go to our own pages, not {href!r}")
        elif child.type == "link_close":
            href = ""
        else:
            raise ContentError(f"{where}: {child.type} is not allowed in articles")
    return tuple(spans)


def _blocks(body: str, where: str) -> tuple[Block, ...]:
    tokens = _MARKDOWN.parse(body)
    blocks: list[Block] = []
    items: list[tuple[Span, ...]] = []
    lists: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            if token.tag != "h2":
                raise ContentError(f"{where}: use '## ' headings only, not {token.tag}")
            blocks.append(Block("h2", _spans(tokens[index + 1], where)))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            if lists:
                raise ContentError(f"{where}: lists inside lists are too hard to follow")
            lists.append("ul" if token.type == "bullet_list_open" else "ol")
            items = []
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            blocks.append(Block(lists.pop(), items=tuple(items)))
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            if lists:
                items.append(_spans(token, where))
            else:
                blocks.append(Block("p", _spans(token, where)))
        elif token.type not in _STRUCTURE:
            raise ContentError(f"{where}: {token.type} is not allowed in articles")
    return tuple(blocks)


_STRUCTURE = {
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "list_item_open",
    "list_item_close",
    "inline",
}


def _load(path: Path, language: str) -> Article:
    where = f"{language}/{path.name}"
    post = frontmatter.load(str(path))
    meta: dict[str, Any] = dict(post.metadata)
    missing = {"title", "summary", "topics", "language", "reviewed"} - meta.keys()
    if missing:
        raise ContentError(f"{where}: missing {', '.join(sorted(missing))}")
    if meta["language"] != language:
        raise ContentError(f"{where}: says language {meta['language']!r}")
    topics = tuple(meta["topics"])
    if not topics or set(topics) - set(TOPICS):
        raise ContentError(f"{where}: topics must come from {TOPICS}")
    if not isinstance(meta["reviewed"], date):
        raise ContentError(f"{where}: reviewed must be a date (YYYY-MM-DD)")
    video = str(meta.get("video", ""))
    if video and not (VIDEOS_DIR / f"{video}.webm").is_file():
        raise ContentError(f"{where}: no video file {video}.webm")
    return Article(
        slug=path.stem,
        language=language,
        title=str(meta["title"]),
        summary=str(meta["summary"]),
        topics=topics,
        reviewed=meta["reviewed"],
        blocks=_blocks(post.content, where),
        video=video,
    )


def _order(article: Article) -> tuple[int, str]:
    return TOPICS.index(article.topics[0]), article.slug


@lru_cache(maxsize=len(LANGUAGES))
def articles(language: str) -> tuple[Article, ...]:
    """Every article in one language, in library order (by first topic, then name)."""
    if language not in LANGUAGES:
        raise KeyError(f"unknown language {language!r}")
    found = [_load(path, language) for path in sorted((ARTICLES_DIR / language).glob("*.md"))]
    return tuple(sorted(found, key=_order))


@lru_cache(maxsize=1)
def slugs() -> tuple[str, ...]:
    """Every article's name, once; each exists in every language or start-up fails."""
    by_language = {language: [a.slug for a in articles(language)] for language in LANGUAGES}
    first = by_language[LANGUAGES[0]]
    for language, names in by_language.items():
        if set(names) != set(first):
            odd = sorted(set(names) ^ set(first))
            raise ContentError(f"articles not in every language ({language}): {odd}")
    for english in articles(LANGUAGES[0]):
        for language in LANGUAGES[1:]:
            other = article(english.slug, language)
            if other.topics != english.topics or other.video != english.video:
                raise ContentError(f"{language}/{english.slug}.md: topics or video differ")
    return tuple(first)


def article(slug: str, language: str) -> Article:
    for candidate in articles(language):
        if candidate.slug == slug:
            return candidate
    raise KeyError(slug)


def on_topic(topic: str) -> tuple[str, ...]:
    """Articles whose first topic is `topic`: each article is listed once, under one topic."""
    return tuple(a.slug for a in articles(LANGUAGES[0]) if a.topics[0] == topic)


@lru_cache(maxsize=8)
def transcript(video: str, language: str) -> tuple[str, ...]:
    """What the video's captions say, each line once, in order: the words without the video."""
    lines: list[str] = []
    for caption in webvtt.read(str(VIDEOS_DIR / f"{video}.{language}.vtt")).captions:
        text = " ".join(caption.text.split())
        if text and text not in lines:
            lines.append(text)
    return tuple(lines)
