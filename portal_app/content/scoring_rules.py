"""Scoring rules declared as data (content/scoring/<id>.json): for each item, the score of each
option by its position on the official form; then clusters, zones, a cut-off and item flags.
Clinical reviewers read and check these files, not code; adding a standard measure is a data
file and its tests (services/measures/rules.py reads them)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent / "scoring"
RULE_IDS = tuple(sorted(p.stem for p in RULES_DIR.glob("*.json")))


@cache
def scoring_rule(rule_id: str) -> dict[str, Any]:
    if rule_id not in RULE_IDS:
        raise KeyError(rule_id)
    loaded: dict[str, Any] = json.loads((RULES_DIR / f"{rule_id}.json").read_text("utf-8"))
    return loaded
