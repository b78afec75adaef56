"""PCL-5, AUDIT, AUDIT-C and EPDS scored from their declared rules (content/scoring/*.json).
The expected numbers below come from the official forms, written out here by hand (not
read from the rule files): every band edge, every reverse-scored item, and the answers that
do not fit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from portal_app.services.measures.rules import score_by_rule
from portal_app.services.measures.scoring import ScoringError

EPDS_REVERSED = {3, 5, 6, 7, 8, 9, 10}  # the first option listed scores 3


def pcl5_with_total(total: int) -> list[int]:
    """Twenty answers (0-4 each, in order) adding up to `total`."""
    answers = []
    for _ in range(20):
        answers.append(min(4, total))
        total -= answers[-1]
    return answers


@pytest.mark.parametrize(("total", "positive"), [(0, False), (32, False), (33, True), (80, True)])
def test_pcl5_total_and_its_cut_off(total: int, positive: bool) -> None:
    result = score_by_rule("pcl5", pcl5_with_total(total))
    assert (result["total"], result["positive"], result["complete"]) == (total, positive, True)


def test_pcl5_clusters_follow_the_dsm5_items() -> None:
    answers = [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6  # B 1-5, C 6-7, D 8-14, E 15-20
    result = score_by_rule("pcl5", answers)
    assert result["clusters"] == {"B": 5, "C": 4, "D": 21, "E": 24}
    assert result["total"] == 54


def audit_answers(first_eight: list[int], nine: int = 0, ten: int = 0) -> list[int]:
    return [*first_eight, nine, ten]


@pytest.mark.parametrize(
    ("total", "zone", "positive"),
    [
        (0, 1, False),
        (7, 1, False),
        (8, 2, True),
        (15, 2, True),
        (16, 3, True),
        (19, 3, True),
        (20, 4, True),
        (40, 4, True),
    ],
)
def test_audit_zones_and_cut_off_at_every_edge(total: int, zone: int, positive: bool) -> None:
    # Items 1-8 give 0-4 each (32 at most); items 9 and 10 give 4 each at their last option.
    nine, ten = (2, 2) if total > 32 else (0, 0)
    rest, eight = total - (8 if total > 32 else 0), []
    for _ in range(8):
        eight.append(min(4, rest))
        rest -= eight[-1]
    result = score_by_rule("audit", audit_answers(eight, nine, ten))
    assert (result["total"], result["zone"], result["positive"]) == (total, zone, positive)


def test_audit_items_nine_and_ten_score_zero_two_four() -> None:
    none = [0] * 8
    assert [score_by_rule("audit", audit_answers(none, p, 0))["total"] for p in (0, 1, 2)] == [
        0,
        2,
        4,
    ]
    assert [score_by_rule("audit", audit_answers(none, 0, p))["total"] for p in (0, 1, 2)] == [
        0,
        2,
        4,
    ]
    with pytest.raises(ScoringError, match="Question 9 of AUDIT has 3 choices"):
        score_by_rule("audit", audit_answers(none, 3, 0))


def test_audit_c_is_the_first_three_items() -> None:
    assert score_by_rule("auditc", [0, 0, 0]) == {
        "instrument": "auditc",
        "total": 0,
        "complete": True,
    }
    assert score_by_rule("auditc", [4, 4, 4])["total"] == 12
    assert score_by_rule("auditc", [1, 2, 3])["total"] == 6
    with pytest.raises(ScoringError, match="has 3 questions, but 10"):
        score_by_rule("auditc", [0] * 10)


def epds_positions_for(item_scores: list[int]) -> list[int]:
    """The option positions that give these item scores on the official form."""
    return [3 - s if n in EPDS_REVERSED else s for n, s in enumerate(item_scores, start=1)]


@pytest.mark.parametrize("item", range(1, 11))
def test_epds_each_item_scores_in_its_own_direction(item: int) -> None:
    positions = epds_positions_for([0] * 10)  # every other item at its 0-scoring option
    positions[item - 1] = 0  # this item at the first option listed...
    expected = 3 if item in EPDS_REVERSED else 0  # ...which scores 3 only on reversed items
    assert score_by_rule("epds", positions)["total"] == expected


@pytest.mark.parametrize(("total", "positive"), [(0, False), (12, False), (13, True), (30, True)])
def test_epds_total_and_its_cut_off(total: int, positive: bool) -> None:
    scores, left = [], total
    for _ in range(9):  # item 10 stays 0 here
        scores.append(min(3, left))
        left -= scores[-1]
    scores.append(left)
    result = score_by_rule("epds", epds_positions_for(scores))
    assert (result["total"], result["positive"]) == (total, positive)


@pytest.mark.parametrize(("item10_score", "flagged"), [(0, False), (1, True), (2, True), (3, True)])
def test_epds_item_10_flags_any_score_above_zero(item10_score: int, flagged: bool) -> None:
    positions = epds_positions_for([0] * 9 + [item10_score])
    assert score_by_rule("epds", positions)["item10_positive"] is flagged
    # Item 10 is reverse-scored: "Yes, quite often" is the first option listed.
    assert positions[9] == 3 - item10_score


def test_an_unanswered_item_means_no_total_but_item_10_still_counts() -> None:
    positions: list[int | None] = [None] * 9 + [0]  # only item 10: "Yes, quite often"
    result = score_by_rule("epds", positions)
    assert result == {
        "instrument": "epds",
        "total": None,
        "positive": None,
        "item10_positive": True,
        "complete": False,
    }


def test_the_command_prints_one_json_object_or_a_plain_refusal() -> None:
    def portal(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "portal_app.cli", "score", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    done = portal("epds", ",".join(["0"] * 10))
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "instrument": "epds",
        "total": 21,
        "positive": True,
        "item10_positive": True,
        "complete": True,
    }
    short = portal("pcl5", "0,1,2")
    assert short.returncode == 2 and "PCL-5 has 20 questions, but 3 answers" in short.stderr
    wide = portal("auditc", "0,5,0")
    assert wide.returncode == 2 and "Question 2 of AUDIT-C has 5 choices (0 to 4)" in wide.stderr
    assert portal("audit", "0,0,0,0,0,0,0,0,x,0").returncode == 2
