"""Questionnaire scores, exactly as published: every band edge, missing answers, item 9, C-SSRS."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal_app.content.instruments import INSTRUMENT_IDS, available, instrument, item_answers
from portal_app.services.measures.scoring import ScoringError, parse_answers, score


def answers_totalling(total: int, count: int, top: int = 3) -> list[int]:
    """Some valid answers with this total (filled from the first item)."""
    out = []
    for _ in range(count):
        out.append(min(top, total))
        total -= out[-1]
    assert total == 0
    return out


PHQ9_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "severity"), PHQ9_EDGES)
def test_phq9_band_edges(total: int, severity: str) -> None:
    result = score("phq9", answers_totalling(total, 9))
    assert (result.total, result.severity, result.complete) == (total, severity, True)


@pytest.mark.parametrize(("total", "severity"), GAD7_EDGES)
def test_gad7_band_edges(total: int, severity: str) -> None:
    result = score("gad7", answers_totalling(total, 7))
    assert (result.total, result.severity, result.complete) == (total, severity, True)


@pytest.mark.parametrize("instrument_id", ["phq2", "gad2"])
@pytest.mark.parametrize(
    ("answers", "positive"),
    [([0, 0], False), ([1, 1], False), ([2, 0], False), ([2, 1], True), ([3, 3], True)],
)
def test_two_item_screens_are_positive_from_3(
    instrument_id: str, answers: list[int], positive: bool
) -> None:
    result = score(instrument_id, answers)
    assert result.positive is positive and result.total == sum(answers)


@pytest.mark.parametrize(("item9", "positive"), [(0, False), (1, True), (2, True), (3, True)])
def test_item9_counts_whatever_the_total(item9: int, positive: bool) -> None:
    result = score("phq9", [0] * 8 + [item9])
    assert result.item9_positive is positive and result.severity == "minimal"


def test_a_missing_answer_is_never_scored_as_zero() -> None:
    result = score("phq9", [0, 0, 0, 0, None, 0, 0, 0, 0])
    assert result.complete is False and result.total is None and result.severity is None
    assert score("phq9", [None] * 8 + [2]).item9_positive is True  # danger shows even unfinished
    assert score("gad2", [3, None]).positive is None


@pytest.mark.parametrize(
    ("answers", "risk", "complete"),
    [
        ([0, 0, None, None, None, 0, None], "none", True),
        ([1, 0, None, None, None, 0, None], "low", True),
        ([1, 1, 0, 0, 0, 0, None], "low", True),
        ([1, 1, 1, 0, 0, 0, None], "moderate", True),
        ([0, 0, None, None, None, 1, 0], "moderate", True),  # behaviour more than 3 months ago
        ([0, 0, None, None, None, 1, 1], "high", True),  # behaviour in the last 3 months
        ([1, 1, 0, 1, 0, 0, None], "high", True),  # intent
        ([1, 1, 0, 0, 1, 0, None], "high", True),  # a plan
        ([1, 1, 0, 1, None, None, None], "high", False),  # high stands before the end
        ([1, 1, 0, None, None, None, None], None, False),
    ],
)
def test_cssrs_screener_risk_levels(answers, risk, complete) -> None:
    result = score("cssrs", answers)
    assert (result.risk, result.complete) == (risk, complete)


def test_cssrs_questions_that_are_not_asked_must_not_be_answered() -> None:
    with pytest.raises(ScoringError, match="not asked"):
        score("cssrs", [0, 0, 1, None, None, 0, None])


@pytest.mark.parametrize(
    ("instrument_id", "answers", "message"),
    [
        ("phq9", [0, 1, 2], "has 9 questions, but 3 answers"),
        ("gad7", [0, 0, 0, 0, 0, 0, 4], "Answer 7 is 4"),
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, -1], "Answer 9 is -1"),
        ("bdi", [0], "Unknown questionnaire"),
    ],
)
def test_answers_that_do_not_fit_are_refused_plainly(instrument_id, answers, message) -> None:
    with pytest.raises(ScoringError, match=message):
        score(instrument_id, answers)


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_phq9_total_is_the_sum_and_the_band_contains_it(answers: list[int]) -> None:
    result = score("phq9", answers)
    band = next(b for b in instrument("phq9")["bands"] if b["severity"] == result.severity)
    assert result.total == sum(answers) and band["min"] <= result.total <= band["max"]


@pytest.mark.parametrize("instrument_id", INSTRUMENT_IDS)
def test_every_text_is_in_english_and_spanish_with_codes(instrument_id: str) -> None:
    """Codes where LOINC has them: the newer measures carry none that could not be checked in
    LOINC material (their files say so), so only their texts are required here."""
    if not available(instrument_id):
        pytest.skip("a licensed measure: its texts come from the clinic (test_measures_as_data)")
    definition = instrument(instrument_id)
    classic = definition["kind"] != "rule"
    for item in definition["items"]:
        assert item["text"]["en"].strip() and item["text"]["es"].strip()
        for answer in item_answers(definition, item):
            assert answer["text"]["en"] and answer["text"]["es"]
            assert answer["code"] or not classic
        if instrument_id != "cssrs" and classic:
            assert item["loinc"]
    if instrument_id in ("phq9", "gad7"):
        assert definition["loinc_total"] in ("44261-6", "70274-6")


def test_parse_answers() -> None:
    assert parse_answers("0, 1,-,,3") == [0, 1, None, None, 3]
    with pytest.raises(ScoringError, match="not a number"):
        parse_answers("0,one")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portal_app.cli", "score", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_score_command_prints_one_json_object() -> None:
    done = run_cli("phq9", "0,1,2,3,0,1,2,3,1")
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout) == {
        "instrument": "phq9",
        "total": 13,
        "severity": "moderate",
        "item9_positive": True,
        "complete": True,
    }
    assert json.loads(run_cli("gad2", "2,1").stdout) == {
        "instrument": "gad2",
        "total": 3,
        "positive": True,
        "complete": True,
    }


@pytest.mark.parametrize("answers", ["0,1,2", "0,1,2,3,0,1,2,3,9", "a,b"])
def test_the_score_command_refuses_bad_answers_plainly(answers: str) -> None:
    done = run_cli("phq9", answers)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.startswith("portal score: ") and "Traceback" not in done.stderr
