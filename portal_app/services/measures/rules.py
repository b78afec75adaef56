"""Scoring by a declared rule (content/scoring_rules.py): answers are the chosen options'
positions on the official form (0 = the first option listed), so reverse-scored items need
no code. As elsewhere, an unanswered item is never scored as 0: with any item missing there
is no total; an item flag (EPDS item 10) is still read from its own answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from portal_app.content.scoring_rules import RULE_IDS, scoring_rule
from portal_app.services.measures.errors import ScoringError

Positions = Sequence[int | None]


def _item_scores(rule: dict[str, Any], positions: Positions) -> list[int | None]:
    items = rule["items"]
    if len(positions) != len(items):
        raise ScoringError(
            f"{rule['name']} has {len(items)} questions, but {len(positions)} answers were given."
        )
    scores: list[int | None] = []
    for item, position in zip(items, positions, strict=True):
        choices = item["scores"]
        if position is not None and not 0 <= position < len(choices):
            raise ScoringError(
                f"Question {item['number']} of {rule['name']} has {len(choices)} choices "
                f"(0 to {len(choices) - 1}); {position} is not one of them."
            )
        scores.append(None if position is None else int(choices[position]))
    return scores


def _sum_of(scores: list[int | None], numbers: list[int]) -> int | None:
    chosen = [scores[n - 1] for n in numbers]
    return None if None in chosen else sum(s for s in chosen if s is not None)


def score_by_rule(rule_id: str, positions: Positions) -> dict[str, Any]:
    """One result: instrument, total, the fields the rule declares, complete."""
    if rule_id not in RULE_IDS:
        raise ScoringError(f"Unknown questionnaire {rule_id!r}.")
    rule = scoring_rule(rule_id)
    scores = _item_scores(rule, positions)
    complete = None not in scores
    total = sum(s for s in scores if s is not None) if complete else None
    out: dict[str, Any] = {"instrument": rule_id, "total": total}
    if "clusters" in rule:
        out["clusters"] = {name: _sum_of(scores, items) for name, items in rule["clusters"].items()}
    if "zones" in rule:
        out["zone"] = next(
            (
                z["zone"]
                for z in rule["zones"]
                if total is not None and z["min"] <= total <= z["max"]
            ),
            None,
        )
    if "positive_at_least" in rule:
        out["positive"] = None if total is None else total >= rule["positive_at_least"]
    for flag, spec in rule.get("flags", {}).items():
        answer = scores[spec["item"] - 1]
        out[flag] = None if answer is None else answer > spec["above"]
    out["complete"] = complete
    return out
