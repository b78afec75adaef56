"""The UI string catalog: one JSON file per language, same keys in each.

Keeping every user-facing string here lets a test check reading level and that nothing is
missing in Spanish.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "es")
CATALOG_DIR = Path(__file__).parent / "strings"


@lru_cache(maxsize=len(LANGUAGES))
def strings(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise KeyError(f"unknown language {language!r}")
    loaded: dict[str, str] = json.loads((CATALOG_DIR / f"{language}.json").read_text("utf-8"))
    return loaded


def text(key: str, language: str) -> str:
    """One string; a missing key is a bug, so it raises instead of showing a blank."""
    return strings(language)[key]


def both(key: str) -> dict[str, str]:
    return {language: text(key, language) for language in LANGUAGES}
