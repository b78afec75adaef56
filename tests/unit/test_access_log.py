"""'What my caregivers looked at' is one line per person, part and day, with how many times
(found: 50 near-identical lines for three minutes of a caregiver reading)."""

from __future__ import annotations

from portal_app.services.records.access_log import AccessLogEntry, by_person_part_and_day
from portal_app.state.account import looked_row


def look(when: str, who: str = "Sam Morgan", category: str = "medicines") -> AccessLogEntry:
    return AccessLogEntry(when=when, who=who, role="caregiver", category=category, action="read")


def test_looks_group_by_person_part_and_day_newest_first() -> None:
    entries = [
        *(look(f"2026-11-26 19:0{n}") for n in range(9, 0, -1)),  # nine looks, newest first
        look("2026-11-26 18:59", category="appointments"),
        look("2026-11-26 18:58", who="Morgan Lee"),
        look("2026-11-25 20:00"),
    ]
    grouped = by_person_part_and_day(entries)
    assert [(g.when, g.who, g.category, g.times) for g in grouped] == [
        ("2026-11-26 19:09", "Sam Morgan", "medicines", 9),
        ("2026-11-26 18:59", "Sam Morgan", "appointments", 1),
        ("2026-11-26 18:58", "Morgan Lee", "medicines", 1),
        ("2026-11-25 20:00", "Sam Morgan", "medicines", 1),
    ]


def test_the_line_says_how_many_times_in_both_languages() -> None:
    row = looked_row(
        by_person_part_and_day([look("2026-11-26 19:01"), look("2026-11-26 19:00")])[0]
    )
    assert row["line_en"].endswith(" · 2 times") and row["line_es"].endswith(" · 2 veces")
    single = looked_row(look("2026-11-26 19:01"))
    assert "times" not in single["line_en"]
