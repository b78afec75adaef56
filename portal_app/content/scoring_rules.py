"""Scoring rules declared as data (content/scoring/<id>.json), one per measure. Every rule says
its `kind`: "sum" (PHQ-9, GAD-7: total and bands), "screen" (PHQ-2, GAD-2: a cut-off),
"cssrs" (skip rules and a risk level, in services/measures/scoring.py) or "rule": for each item,
the score of each option by its position on the official form, then clusters, zones, a
cut-off and item flags (services/measures/rules.py). Clinical reviewers read and check these
files, not code; adding a standard measure is data files and their tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent / "scoring"


@cache
def scoring_rule(rule_id: str) -> dict[str, Any]:
    if not (RULES_DIR / f"{rule_id}.json").is_file() or "/" in rule_id:
        raise KeyError(rule_id)
    loaded: dict[str, Any] = json.loads((RULES_DIR / f"{rule_id}.json").read_text("utf-8"))
    return loaded


# The measures scored by the declared-rule engine (the others have their own kind).
RULE_IDS = tuple(
    sorted(p.stem for p in RULES_DIR.glob("*.json") if scoring_rule(p.stem)["kind"] == "rule")
)
