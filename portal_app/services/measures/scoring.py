"""Questionnaire scoring, exactly as published.

An unanswered item is never scored as 0: with any item missing the result is incomplete and
has no total. PHQ-9 item 9 (thoughts of death or self-harm) counts as positive at 1 or more,
whatever the total; so does EPDS item 10 when it scores above 0. The C-SSRS screener follows
its own skip rules and gives a risk level. The newer measures (PCL-5, AUDIT, AUDIT-C, EPDS)
are scored by their declared rule (rules.py), from the chosen options' positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from portal_app.content.instruments import INSTRUMENT_IDS, instrument, item_answers
from portal_app.content.scoring_rules import scoring_rule
from portal_app.services.measures.errors import ScoringError
from portal_app.services.measures.rules import score_by_rule

__all__ = ["Score", "ScoringError", "is_risk_answer", "parse_answers", "score"]

Answers = Sequence[int | None]


@dataclass(frozen=True)
class Score:
    instrument: str
    complete: bool
    total: int | None = None
    severity: str | None = None  # PHQ-9 / GAD-7 band; AUDIT zone_1..zone_4
    positive: bool | None = None  # PHQ-2 / GAD-2 screen, total >= 3; PCL-5, AUDIT, EPDS cut-off
    item9_positive: bool | None = None  # the risk question: PHQ-9 item 9, EPDS item 10
    risk: str | None = None  # C-SSRS: none, low, moderate, high
    details: dict[str, Any] | None = None  # a rule's whole result (clusters, zone, flags)

    def as_dict(self) -> dict[str, Any]:
        """The fields that apply to this instrument, in a stable order (the CLI prints this)."""
        if self.details is not None:
            return dict(self.details)
        out: dict[str, Any] = {"instrument": self.instrument}
        if self.risk is not None or self.instrument == "cssrs":
            out["risk"] = self.risk
        else:
            out["total"] = self.total
        if self.severity is not None or self.instrument in ("phq9", "gad7"):
            out["severity"] = self.severity
        if self.instrument in ("phq2", "gad2"):
            out["positive"] = self.positive
        if self.instrument == "phq9":
            out["item9_positive"] = self.item9_positive
        out["complete"] = self.complete
        return out


def _check_values(definition: dict[str, Any], answers: Answers) -> None:
    items = definition["items"]
    if len(answers) != len(items):
        raise ScoringError(
            f"{definition['name']} has {len(items)} questions, "
            f"but {len(answers)} answers were given."
        )
    for number, (item, answer) in enumerate(zip(items, answers, strict=True), start=1):
        allowed = {a["value"] for a in item_answers(definition, item)}
        if answer is not None and answer not in allowed:
            raise ScoringError(
                f"Answer {number} is {answer}, but it must be one of {sorted(allowed)}."
            )


def _band(definition: dict[str, Any], total: int) -> str:
    return str(next(b["severity"] for b in definition["bands"] if b["min"] <= total <= b["max"]))


def _score_sum(instrument_id: str, definition: dict[str, Any], answers: Answers) -> Score:
    complete = all(a is not None for a in answers)
    item9 = None
    if definition.get("risk_item"):
        index = [i["id"] for i in definition["items"]].index(definition["risk_item"])
        item9 = None if answers[index] is None else answers[index] >= 1  # type: ignore[operator]
    if not complete:
        return Score(instrument_id, complete=False, item9_positive=item9)
    total = sum(a for a in answers if a is not None)
    if definition["kind"] == "screen":
        return Score(instrument_id, True, total, positive=total >= definition["positive_at"])
    return Score(
        instrument_id, True, total, severity=_band(definition, total), item9_positive=item9
    )


def cssrs_asked(definition: dict[str, Any], answers: Answers) -> list[bool]:
    """Which C-SSRS questions are asked, given the answers so far (skip rules)."""
    by_id = {item["id"]: answers[i] for i, item in enumerate(definition["items"])}
    return [
        "asked_if" not in item or by_id[item["asked_if"]["item"]] == item["asked_if"]["equals"]
        for item in definition["items"]
    ]


def _score_cssrs(definition: dict[str, Any], answers: Answers) -> Score:
    asked = cssrs_asked(definition, answers)
    for number, (is_asked, answer) in enumerate(zip(asked, answers, strict=True), start=1):
        if not is_asked and answer is not None:
            raise ScoringError(f"Question {number} is not asked after the earlier answers.")
    complete = all(
        answer is not None for is_asked, answer in zip(asked, answers, strict=True) if is_asked
    )
    q = dict(zip((item["id"] for item in definition["items"]), answers, strict=True))
    if q["cssrs_4"] == 1 or q["cssrs_5"] == 1 or q["cssrs_6_when"] == 1:
        risk = "high"  # intent, a plan, or suicidal behaviour in the last 3 months
    elif q["cssrs_3"] == 1 or q["cssrs_6"] == 1:
        risk = "moderate"
    elif q["cssrs_1"] == 1 or q["cssrs_2"] == 1:
        risk = "low"
    else:
        risk = "none"
    # A high answer stands even when later questions are still open.
    if not complete and risk != "high":
        return Score("cssrs", complete=False)
    return Score("cssrs", complete=complete, risk=risk)


def _score_rule(instrument_id: str, definition: dict[str, Any], answers: Answers) -> Score:
    result = score_by_rule(instrument_id, answers)
    risk_flag = _risk_flag(definition)
    zone = result.get("zone")
    positive = result.get("positive")
    return Score(
        instrument_id,
        complete=result["complete"],
        total=result["total"],
        severity=f"zone_{zone}" if zone else (None if "positive" in result else "scored"),
        positive=positive,
        item9_positive=result.get(risk_flag) if risk_flag else None,
        details=result,
    )


def _risk_flag(definition: dict[str, Any]) -> str | None:
    """The rule's flag for the definition's risk question ("item10_positive" for EPDS)."""
    if not definition.get("risk_item"):
        return None
    number = [i["id"] for i in definition["items"]].index(definition["risk_item"]) + 1
    flags = scoring_rule(definition["id"]).get("flags", {})
    return next((name for name, spec in flags.items() if spec["item"] == number), None)


def is_risk_answer(definition: dict[str, Any], index: int, value: int | None) -> bool:
    """Whether this answer to question `index` (0-based) is the risk answer that opens crisis
    help and an alert at once: PHQ-9 item 9 at 1 or more, EPDS item 10 scoring above 0
    (reverse-scored: its first three options)."""
    item = definition["items"][index]
    if value is None or item["id"] != definition.get("risk_item"):
        return False
    if definition["kind"] != "rule":
        return value >= 1
    rule = scoring_rule(definition["id"])
    spec = rule["flags"][_risk_flag(definition)]
    return bool(rule["items"][index]["scores"][value] > spec["above"])


def score(instrument_id: str, answers: Answers) -> Score:
    """Score answers given in item order (None = not answered)."""
    if instrument_id not in INSTRUMENT_IDS:
        raise ScoringError(
            f"Unknown questionnaire {instrument_id!r}. Use one of: {', '.join(INSTRUMENT_IDS)}."
        )
    definition = instrument(instrument_id)
    if definition["kind"] == "rule":
        return _score_rule(instrument_id, definition, answers)
    _check_values(definition, answers)
    if definition["kind"] == "cssrs":
        return _score_cssrs(definition, answers)
    return _score_sum(instrument_id, definition, answers)


def parse_answers(text: str) -> list[int | None]:
    """ "0,1,2" → [0, 1, 2]; "-" or an empty place means not answered (or not asked)."""
    parsed: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if part in ("", "-"):
            parsed.append(None)
            continue
        try:
            parsed.append(int(part))
        except ValueError:
            raise ScoringError(f"{part!r} is not a number. Give answers like 0,1,2,3.") from None
    return parsed
