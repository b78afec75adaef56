"""Thought records stay in the patient's journal; the care team reads only the shared ones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from portal_app.models import ProxyGrant, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.plans.thought_records import records_of, save_record, set_shared
from tests.factories import make_care_team_patient, make_clinician

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_kept_private_unless_shared_and_only_for_the_patient_to_write(db) -> None:
    clinician = make_clinician(db, f"tr.{uuid.uuid4().hex[:6]}@example.org", "Dr. Think")
    me, patient = make_care_team_patient(
        db, f"tr.{uuid.uuid4().hex[:6]}@example.org", "Theo Record", clinician.user_id
    )
    assert save_record(db, me, {"feeling": "sad"}, False, now=NOW) == "thoughts.problem.empty"
    assert save_record(db, me, {"situation": "x" * 1001}, False, now=NOW) == (
        "thoughts.problem.too_long"
    )
    private = {"situation": "Party", "thought": "Nobody likes me", "balanced": "Two friends came"}
    assert save_record(db, me, private, False, now=NOW) == ""
    later = NOW + timedelta(hours=1)
    assert save_record(db, me, {"thought": "I failed the test"}, True, now=later) == ""

    mine = records_of(db, me, None, now=later)
    assert [(r.parts["thought"], r.shared) for r in mine] == [
        ("I failed the test", True),
        ("Nobody likes me", False),
    ]
    assert [r.parts["thought"] for r in records_of(db, clinician, patient.id, now=later)] == [
        "I failed the test"
    ]
    set_shared(db, me, mine[1].id, True, now=later)
    set_shared(db, me, mine[0].id, False, now=later)
    assert [r.parts["thought"] for r in records_of(db, clinician, patient.id, now=later)] == [
        "Nobody likes me"
    ]
    outsider = make_clinician(db, f"tr.{uuid.uuid4().hex[:6]}@example.org", "Dr. Out")
    helper = make_clinician(
        db, f"tr.{uuid.uuid4().hex[:6]}@example.org", "Hal", role=Role.CAREGIVER
    )
    db.add(
        ProxyGrant(
            patient_id=patient.id,
            caregiver_id=helper.user_id,
            permissions=["check_ins.see"],
            status="active",
            created_by=me.user_id,
        )
    )
    db.flush()
    caregiver = Actor(helper.user_id, Role.CAREGIVER, helper.clinic_id, helping=patient.id)
    for step in (
        lambda: records_of(db, outsider, patient.id, now=later),
        lambda: records_of(db, caregiver, patient.id, now=later),
        lambda: save_record(db, clinician, private, True, now=later),
        lambda: set_shared(db, clinician, mine[0].id, True, now=later),
    ):
        with pytest.raises(NotFound):
            step()
