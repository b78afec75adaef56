"""Dates in words in the reader's language ("Nov 4" / "4 nov", "December 2026" / "diciembre
de 2026"), never ISO (found: chart axes and the calendar said "2026-11-04" and "2026-12")."""

from __future__ import annotations

from datetime import date

from portal_app.content.catalog import text


def day_words(day: date, language: str) -> str:
    month = text(f"month.{day.month}", language)[:3]
    return f"{month} {day.day}" if language == "en" else f"{day.day} {month}"


def month_words(day: date, language: str) -> str:
    month = text(f"month.{day.month}", language)
    return f"{month} {day.year}" if language == "en" else f"{month} de {day.year}"
