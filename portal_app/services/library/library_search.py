"""Search the reading library in every language at once (a person may type in either), with
accents and capitals ignored, so "ansiedad", "Ansiedad" and "panico" all find their articles."""

from __future__ import annotations

import unicodedata

from portal_app.content.catalog import LANGUAGES, text
from portal_app.content.library import Article, articles

MAX_QUERY = 100
# Where a word is found says how well an article fits.
WEIGHTS = (("title", 5), ("topics", 3), ("summary", 2), ("body", 1))


def fold(value: str) -> str:
    """Lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fields(article: Article) -> dict[str, str]:
    topics = " ".join(text(f"reading.topic.{t}", article.language) for t in article.topics)
    return {
        "title": fold(article.title),
        "topics": fold(topics),
        "summary": fold(article.summary),
        "body": fold(article.plain_text),
    }


def words_of(query: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() or c == "-" else " " for c in fold(query[:MAX_QUERY]))
    return [word for word in cleaned.split() if len(word) >= 2]


def search(query: str) -> list[str]:
    """Articles holding every word of the query, best fit first; [] for an empty query."""
    words = words_of(query)
    if not words:
        return []
    best: dict[str, int] = {}
    order: list[str] = []
    for language in LANGUAGES:
        for article in articles(language):
            fields = _fields(article)
            if not all(any(word in value for value in fields.values()) for word in words):
                continue
            score = sum(
                weight for word in words for name, weight in WEIGHTS if word in fields[name]
            )
            if article.slug not in best:
                order.append(article.slug)
            best[article.slug] = max(best.get(article.slug, 0), score)
    return sorted(order, key=lambda slug: -best[slug])
