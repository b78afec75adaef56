"""The safety plan: the patient's words in six steps and reasons for living, versions kept,
one-tap numbers found in what was written, the care team told when the patient changes it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from portal_app.models import ProxyGrant, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.plans.safety_plan import (
    changed_by_patient,
    clean_steps,
    contact,
    plan_as_text,
    plan_of,
    save_plan,
)
from tests.factories import make_care_team_patient, make_clinician

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "dial"),
    [
        ("Mom 555 010 0123", "5550100123"),
        ("Crisis line: 988", "988"),
        ("Dr. Lee (555) 010-0199", "5550100199"),
        ("Intl friend +44 20 7946 0000", "+442079460000"),
        ("Walk in the park", ""),
        ("Room 4", ""),
    ],
)
def test_a_number_at_the_end_of_a_line_becomes_one_tap(line: str, dial: str) -> None:
    assert contact(line) == {"text": line, "dial": dial}


def test_the_form_is_checked_and_kept_in_the_patients_words() -> None:
    assert clean_steps({}) == "safety.problem.empty"
    assert clean_steps({"coping": "x" * 201}) == "safety.problem.too_long"
    assert clean_steps({"coping": "\n".join(["walk"] * 13)}) == "safety.problem.too_long"
    steps = clean_steps({"coping": "  Take a  shower \n\nMusic", "people": "Sam 555 010 0100"})
    assert steps["coping"] == [{"text": "Take a shower"}, {"text": "Music"}]
    assert steps["people"] == [{"text": "Sam 555 010 0100", "dial": "5550100100"}]


def test_versions_and_the_care_team_is_told_when_the_patient_changes_it(db) -> None:
    clinician = make_clinician(db, f"sp.{uuid.uuid4().hex[:6]}@example.org", "Dr. Safe")
    me, patient = make_care_team_patient(
        db, f"sp.{uuid.uuid4().hex[:6]}@example.org", "Sky Plan", clinician.user_id
    )
    assert plan_of(db, me, None, now=NOW).version == 0
    assert save_plan(db, clinician, patient.id, {"reasons": "My dog"}, now=NOW) == ""
    assert not changed_by_patient(db, clinician, patient.id, now=NOW)
    later = NOW + timedelta(hours=1)
    assert (
        save_plan(
            db, me, None, {"reasons": "My dog\nMy sister", "people": "Ana 555 0101"}, now=later
        )
        == ""
    )
    assert changed_by_patient(db, clinician, patient.id, now=later)

    mine = plan_of(db, me, None, now=later)
    assert mine.version == 2 and mine.written_by == "Sky Plan" and mine.unseen_by_team
    assert [i["text"] for i in mine.steps["reasons"]] == ["My dog", "My sister"]
    assert mine.steps["people"][0]["dial"] == "5550101"
    assert [(v, by) for v, _, by in mine.earlier] == [(1, "Dr. Safe")]
    assert plan_as_text(mine)["reasons"] == "My dog\nMy sister"
    # The patient reading it does not count as the team seeing it; the clinician opening it does.
    assert changed_by_patient(db, clinician, patient.id, now=later)
    plan_of(db, clinician, patient.id, now=later)
    assert not changed_by_patient(db, clinician, patient.id, now=later)


def test_only_the_patient_and_their_team_write_and_a_caregiver_reads_only_if_shared(db) -> None:
    clinician = make_clinician(db, f"sp.{uuid.uuid4().hex[:6]}@example.org", "Dr. Safe")
    outsider = make_clinician(db, f"sp.{uuid.uuid4().hex[:6]}@example.org", "Dr. Other")
    me, patient = make_care_team_patient(
        db, f"sp.{uuid.uuid4().hex[:6]}@example.org", "Sky Plan", clinician.user_id
    )
    assert save_plan(db, me, None, {"coping": "Breathe"}, now=NOW) == ""
    for step in (
        lambda: plan_of(db, outsider, patient.id, now=NOW),
        lambda: save_plan(db, outsider, patient.id, {"coping": "x"}, now=NOW),
        lambda: changed_by_patient(db, me, patient.id, now=NOW),
    ):
        with pytest.raises(NotFound):
            step()
    helper = make_clinician(
        db, f"sp.{uuid.uuid4().hex[:6]}@example.org", "Hel", role=Role.CAREGIVER
    )
    grant = ProxyGrant(
        patient_id=patient.id,
        caregiver_id=helper.user_id,
        permissions=["records.see"],
        status="active",
        created_by=me.user_id,
    )
    db.add(grant)
    db.flush()
    cg = Actor(helper.user_id, Role.CAREGIVER, helper.clinic_id, helping=patient.id)
    # Seeing the health record is not seeing the safety plan: that is its own choice.
    with pytest.raises(NotFound):
        plan_of(db, cg, None, now=NOW)
    grant.permissions = ["safety_plan.see"]
    db.add(grant)
    db.flush()
    assert plan_of(db, cg, None, now=NOW).steps["coping"][0]["text"] == "Breathe"
    with pytest.raises(NotFound):
        save_plan(db, cg, None, {"coping": "x"}, now=NOW)
