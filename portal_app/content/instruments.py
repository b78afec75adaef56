"""Questionnaire definitions (texts in English and Spanish, answer codes, LOINC codes, bands).

One JSON file per instrument in content/instruments/, so clinical reviewers can read and check
them without reading code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"
INSTRUMENT_IDS = ("phq9", "gad7", "phq2", "gad2", "cssrs")


@lru_cache(maxsize=len(INSTRUMENT_IDS))
def instrument(instrument_id: str) -> dict[str, Any]:
    if instrument_id not in INSTRUMENT_IDS:
        raise KeyError(instrument_id)
    loaded: dict[str, Any] = json.loads(
        (INSTRUMENTS_DIR / f"{instrument_id}.json").read_text("utf-8")
    )
    return loaded


def item_answers(definition: dict[str, Any], item: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers an item offers: its own, or the instrument's."""
    answers: list[dict[str, Any]] = item.get("answers", definition["answers"])
    return answers
