"""Crisis words in a support-group post (content/groups/crisis_words.json): matched as whole
words, on text folded to lower case without accents, in English and Spanish. A match holds the
post for the facilitator and shows its writer crisis help; it never blocks or deletes."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).parent / "groups" / "crisis_words.json"


def fold(text: str) -> str:
    """Lower case, no accents, curly quotes made straight, runs of space made one."""
    plain = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(plain.split())


@cache
def _pattern() -> re.Pattern[str]:
    loaded = json.loads(WORDS_FILE.read_text("utf-8"))
    phrases = sorted(
        {fold(p) for lang in ("en", "es") for p in loaded[lang]}, key=len, reverse=True
    )
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w'-])")


def has_crisis_words(text: str) -> bool:
    return _pattern().search(fold(text)) is not None
