"""Plain language, measured: the English UI strings read at about grade 6 or below.

Flesch-Kincaid (textstat, offline with the bundled CMU dictionary). Every string of 8 words or
more must score 6 or below, and so must the whole catalog read as one text. Shorter strings
(button labels, headings) are too short to score alone and count in the whole. Names people
must recognise (apps, crisis lines, the law's name) and the federal Part 2 notice, whose words
are set by law, are not rewritten: names are read as one short word, the notice is skipped.
"""

from __future__ import annotations

import re

import textstat

from portal_app.content.catalog import strings

MAX_GRADE = 6.0
MIN_WORDS = 8
NAMES = (
    "Google Authenticator",
    "Microsoft Authenticator",
    "Veterans Crisis Line",
    "Suicide and Crisis Lifeline",
    "42 CFR Part 2",
    "42 CFR part 2",
    "authenticator",
)
SET_BY_LAW = {"records.part2_notice"}


def plain(text: str) -> str:
    """The words a person reads: placeholders, addresses and names as one short word each."""
    text = re.sub(r"\{[a-z_]+\}", "it", text)
    text = re.sub(r"\S+@\S+|https?://\S+|/\S+", "it", text)
    for name in NAMES:
        text = text.replace(name, "it")
    return text


def sentences(texts: list[str]) -> str:
    return " ".join(t if t.rstrip().endswith((".", "!", "?", ":")) else f"{t}." for t in texts)


def test_every_longer_english_string_reads_at_grade_6_or_below() -> None:
    too_hard = {
        key: round(textstat.flesch_kincaid_grade(plain(value)), 1)
        for key, value in strings("en").items()
        if key not in SET_BY_LAW
        and len(plain(value).split()) >= MIN_WORDS
        and textstat.flesch_kincaid_grade(plain(value)) > MAX_GRADE
    }
    assert too_hard == {}


def test_the_whole_catalog_reads_at_grade_6_or_below() -> None:
    texts = [plain(v) for k, v in strings("en").items() if k not in SET_BY_LAW]
    grade = textstat.flesch_kincaid_grade(sentences(texts))
    print(f"\nEnglish UI catalog: {len(texts)} strings, Flesch-Kincaid grade {grade:.1f}")
    assert grade <= MAX_GRADE


def test_the_measure_can_fail() -> None:
    hard = (
        "Notwithstanding the aforementioned considerations, the administrative "
        "infrastructure necessitates comprehensive authorization procedures."
    )
    assert textstat.flesch_kincaid_grade(plain(hard)) > MAX_GRADE
