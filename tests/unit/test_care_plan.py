"""The treatment plan: clinicians write it (each save a new version, earlier ones kept),
patients read it and comment, progress notes and comments are seen by both, nobody else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal_app.models import Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.plans.care_plan import add_plan_note, plan_of, save_plan
from tests.factories import make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_versions_are_kept_and_both_sides_read_the_notes(db) -> None:
    me, patient = make_care_team_patient(db, "plan@example.org", "Pia Plan", CHEN.user_id)
    assert add_plan_note(db, me, None, "Hello", now=NOW) == "plan.problem.no_plan"
    assert save_plan(db, CHEN, patient.id, [("", "walk")], now=NOW) == "plan.problem.goal_missing"
    assert save_plan(db, CHEN, patient.id, [("", "")], now=NOW) == "plan.problem.empty"
    first = [("I want to sleep through the night", "No screens after 10\nSame wake time")]
    assert save_plan(db, CHEN, patient.id, first, now=NOW) == ""
    second = [*first, ("Feel less alone", "Call my sister on Sundays")]
    assert save_plan(db, CHEN, patient.id, second, now=NOW) == ""
    assert add_plan_note(db, CHEN, patient.id, "Sleep is better this month.", now=NOW) == ""
    assert add_plan_note(db, me, None, "The screens rule is hard.", now=NOW) == ""

    plan = plan_of(db, me, None, now=NOW)
    assert plan.version == 2 and plan.written_by == "Dr. Wei Chen"
    assert [g["goal"] for g in plan.goals] == [
        "I want to sleep through the night",
        "Feel less alone",
    ]
    assert plan.goals[0]["steps"] == ["No screens after 10", "Same wake time"]
    assert [(v, len(g)) for v, _, g in plan.earlier] == [(1, 1)]
    assert sorted((n.kind, n.body) for n in plan_of(db, CHEN, patient.id, now=NOW).notes) == [
        ("comment", "The screens rule is hard."),
        ("progress", "Sleep is better this month."),
    ]


def test_only_the_care_team_writes_and_only_they_and_the_patient_read(db) -> None:
    me, patient = make_care_team_patient(db, "plan2@example.org", "Pat Two", CHEN.user_id)
    assert save_plan(db, CHEN, patient.id, [("Goal", "Step")], now=NOW) == ""
    with pytest.raises(NotFound):
        save_plan(db, me, patient.id, [("My own goal", "")], now=NOW)
    for step in (
        lambda: save_plan(db, RIVERA, patient.id, [("Goal", "")], now=NOW),
        lambda: plan_of(db, RIVERA, patient.id, now=NOW),
        lambda: add_plan_note(db, RIVERA, patient.id, "note", now=NOW),
    ):
        with pytest.raises(NotFound):
            step()
    # Another patient asking for this plan only ever gets their own.
    other, _ = make_care_team_patient(db, "plan3@example.org", "Ola Three", CHEN.user_id)
    assert plan_of(db, other, patient.id, now=NOW).goals == []
