"""Plain language, measured: the English UI strings read at about grade 6 or below, and every
article of the reading library (with its video's words) at grade 8 or below; the Spanish
catalog and articles score as "easy" and at least "fairly easy" on Spanish's own measure.

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
from portal_app.content.library import Article, articles, transcript

MAX_GRADE = 6.0
MAX_ARTICLE_GRADE = 8.0
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


def article_words(article: Article) -> str:
    """Everything a reader of the article reads: title, summary, text, the video's words."""
    lines = [article.title, article.summary, *article.plain_text.split("\n")]
    if article.video:
        lines.extend(transcript(article.video, article.language))
    return sentences([plain(line) for line in lines])


def test_every_article_reads_at_grade_8_or_below() -> None:
    grades = {a.slug: textstat.flesch_kincaid_grade(article_words(a)) for a in articles("en")}
    hardest = max(grades, key=grades.__getitem__)
    print(
        f"\nArticles: {len(grades)}, Flesch-Kincaid grade mean "
        f"{sum(grades.values()) / len(grades):.1f}, hardest {hardest} {grades[hardest]:.1f}"
    )
    assert {slug: round(g, 1) for slug, g in grades.items() if g > MAX_ARTICLE_GRADE} == {}
    assert (
        textstat.flesch_kincaid_grade(
            "Notwithstanding the aforementioned pharmacological considerations, discontinuation "
            "necessitates comprehensive consultation with authorized practitioners."
        )
        > MAX_ARTICLE_GRADE
    )


# Spanish, by Fernández Huerta (textstat's Spanish measure; higher is easier): 80-90 is "easy",
# about a 6th-grade reader; 70-80 "fairly easy", about 7th grade.
MIN_SPANISH_CATALOG = 80.0
MIN_SPANISH_ARTICLE = 70.0


def spanish_ease(text: str) -> float:
    textstat.set_lang("es")
    try:
        return float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang("en")


def test_the_spanish_catalog_and_articles_read_easily() -> None:
    catalog = spanish_ease(
        sentences([plain(v) for k, v in strings("es").items() if k not in SET_BY_LAW])
    )
    ease = {a.slug: spanish_ease(article_words(a)) for a in articles("es")}
    hardest = min(ease, key=ease.__getitem__)
    print(
        f"\nSpanish (Fernández Huerta, higher is easier): catalog {catalog:.1f}; articles mean "
        f"{sum(ease.values()) / len(ease):.1f}, hardest {hardest} {ease[hardest]:.1f}"
    )
    assert catalog >= MIN_SPANISH_CATALOG
    assert {slug: round(e, 1) for slug, e in ease.items() if e < MIN_SPANISH_ARTICLE} == {}
    assert (
        spanish_ease(
            "No obstante las consideraciones farmacológicas anteriormente mencionadas, la "
            "discontinuación terapéutica requiere consultas interdisciplinarias exhaustivas."
        )
        < MIN_SPANISH_ARTICLE
    )


# Screens a patient (or their caregiver) reads; staff screens may name the measures.
PATIENT_SCREENS = (
    "check_in.", "home.", "journal.", "messages.file", "questionnaire.name.", "record.download",
    "records.intro", "records.download", "summary.", "second.account", "trends.phq9", "trends.gad7",
    "medicines.intro", "appointments.intro", "caregivers.", "offline.", "outbox.", "reading.",
)  # fmt: skip
STAFF_ONLY = ("record.download_theirs",)
JARGON = re.compile(r"FHIR|JPG|PNG|WebP|HEIC|C-SSRS|PHQ|GAD-|LOINC|\(\d\)")


def test_patients_meet_no_file_formats_codes_or_measure_names() -> None:
    """Found: "JPG, PNG, WebP, HEIC", "FHIR", "PHQ-9", "Worry questions (7)" and "Second step
    (authenticator app)" on patients' screens."""
    for language in ("en", "es"):
        found = {
            key: text
            for key, text in strings(language).items()
            if key.startswith(PATIENT_SCREENS) and key not in STAFF_ONLY and JARGON.search(text)
        }
        assert found == {}, language
