"""Reading picked for a person: the care team's topics and suggestions, the patient's own
scores and medicines, what a caregiver may see, and the gate around all of it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from portal_app.content.library import article
from portal_app.models import Medicine, ProxyGrant, QuestionnaireResponse, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.library.reading import (
    care_topics,
    mark_opened,
    picked_for,
    set_topic,
    suggest,
    suggestions_of,
    take_back,
)
from tests.factories import make_care_team_patient, make_clinician

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def _email() -> str:
    return f"rd.{uuid.uuid4().hex[:8]}@example.org"


def _team(db):
    clinician = make_clinician(db, _email(), "Dr. Read")
    me, patient = make_care_team_patient(db, _email(), "Rae Reader", clinician.user_id)
    return clinician, me, patient


def _caregiver(db, patient, granted_by, permissions):
    helper = make_clinician(db, _email(), "Hal Help", role=Role.CAREGIVER)
    db.add(
        ProxyGrant(
            patient_id=patient.id,
            caregiver_id=helper.user_id,
            permissions=permissions,
            status="active",
            created_by=granted_by,
        )
    )
    db.flush()
    return Actor(helper.user_id, Role.CAREGIVER, helper.clinic_id, helping=patient.id)


def _score(db, patient, instrument, total, at):
    db.add(
        QuestionnaireResponse(
            id=uuid.uuid4(),
            patient_id=patient.id,
            instrument=instrument,
            complete=True,
            total=total,
            started_at=at,
            submitted_at=at,
        )
    )
    db.flush()


def test_the_care_team_suggests_and_the_patient_sees_it_until_taken_back(db) -> None:
    clinician, me, patient = _team(db)
    assert suggest(db, clinician, patient.id, "no-such-article", now=NOW) == "reading.problem.pick"
    assert suggest(db, clinician, patient.id, "sleep-better-nights", now=NOW) == ""
    assert (
        suggest(db, clinician, patient.id, "sleep-better-nights", now=NOW)
        == "reading.problem.already"
    )
    shown = suggestions_of(db, me, None, now=NOW)
    assert [(s.slug, s.suggested_by, s.opened_at) for s in shown] == [
        ("sleep-better-nights", "Dr. Read", None)
    ]
    # Opening another article changes nothing; opening this one marks it read, once.
    assert not mark_opened(db, me, "panic-attacks", now=NOW)
    assert mark_opened(db, me, "sleep-better-nights", now=NOW)
    assert not mark_opened(db, me, "sleep-better-nights", now=NOW + timedelta(days=1))
    assert suggestions_of(db, clinician, patient.id, now=NOW)[0].opened_at is not None
    # The clinician opening it is not the patient reading it.
    assert suggest(db, clinician, patient.id, "panic-attacks", now=NOW) == ""
    assert not mark_opened(db, clinician, "panic-attacks", now=NOW)
    take_back(db, clinician, shown[0].id, now=NOW)
    assert [s.slug for s in suggestions_of(db, me, None, now=NOW)] == ["panic-attacks"]
    with pytest.raises(NotFound):
        take_back(db, clinician, shown[0].id, now=NOW)
    # Taken back, it can be suggested again.
    assert suggest(db, clinician, patient.id, "sleep-better-nights", now=NOW) == ""


def test_only_the_patients_care_team_sets_topics_and_suggests(db) -> None:
    clinician, me, patient = _team(db)
    outsider = make_clinician(db, _email(), "Dr. Other")
    for step in (
        lambda: suggest(db, outsider, patient.id, "panic-attacks", now=NOW),
        lambda: set_topic(db, outsider, patient.id, "sleep", True, now=NOW),
        lambda: suggestions_of(db, outsider, patient.id, now=NOW),
        lambda: care_topics(db, outsider, patient.id, now=NOW),
        lambda: suggest(db, me, patient.id, "panic-attacks", now=NOW),
        lambda: set_topic(db, me, patient.id, "sleep", True, now=NOW),
        lambda: set_topic(db, clinician, patient.id, "astrology", True, now=NOW),
    ):
        with pytest.raises(NotFound):
            step()
    suggest(db, clinician, patient.id, "panic-attacks", now=NOW)
    with pytest.raises(NotFound):
        take_back(db, outsider, suggestions_of(db, me, None, now=NOW)[0].id, now=NOW)


def test_the_patients_picks_come_from_topics_scores_and_medicines(db) -> None:
    clinician, me, patient = _team(db)
    assert picked_for(db, me, now=NOW) == []
    set_topic(db, clinician, patient.id, "trauma", True, now=NOW)
    set_topic(db, clinician, patient.id, "sleep", True, now=NOW)
    set_topic(db, clinician, patient.id, "sleep", True, now=NOW)  # twice is still once
    assert care_topics(db, me, None, now=NOW) == ["sleep", "trauma"]
    picked = picked_for(db, me, now=NOW)
    assert {"trauma-common-reactions", "trauma-grounding", "sleep-better-nights"} <= set(picked)
    assert all({"sleep", "trauma"} & set(article(s, "en").topics) for s in picked)

    set_topic(db, clinician, patient.id, "sleep", False, now=NOW)
    assert care_topics(db, clinician, patient.id, now=NOW) == ["trauma"]
    assert "sleep-better-nights" not in picked_for(db, me, now=NOW)

    # A moderate latest PHQ-9 adds depression; an older high score followed by a low one does not.
    _score(db, patient, "gad7", 15, NOW - timedelta(days=30))
    _score(db, patient, "gad7", 4, NOW - timedelta(days=1))
    _score(db, patient, "phq9", 12, NOW - timedelta(days=1))
    picked = picked_for(db, me, now=NOW)
    assert "depression-what-it-is" in picked and "anxiety-worry-time" not in picked

    db.add(
        Medicine(
            patient_id=patient.id,
            name="Sertraline",
            dose="50 mg",
            started_on=NOW.date(),
            created_by=clinician.user_id,
        )
    )
    db.flush()
    picked = picked_for(db, me, now=NOW)
    # A short list, with every topic of the person's care in it.
    assert len(picked) == 4 and "medicines-side-effects" in picked
    assert {article(s, "en").topics[0] for s in picked} == {"depression", "trauma", "medicines"}

    # What the team suggested is listed there, not again among the picks.
    suggest(db, clinician, patient.id, "trauma-grounding", now=NOW)
    assert "trauma-grounding" not in picked_for(db, me, now=NOW)


def test_a_caregiver_sees_suggestions_only_with_the_reading_permission(db) -> None:
    clinician, me, patient = _team(db)
    set_topic(db, clinician, patient.id, "trauma", True, now=NOW)
    suggest(db, clinician, patient.id, "trauma-grounding", now=NOW)
    reader = _caregiver(db, patient, me.user_id, ["education.see"])
    assert [s.slug for s in suggestions_of(db, reader, None, now=NOW)] == ["trauma-grounding"]
    # Their own picks are for caregivers, never topics worked out from the patient's care.
    assert {article(s, "en").topics[0] for s in picked_for(db, reader, now=NOW)} == {"caregiving"}
    with pytest.raises(NotFound):
        care_topics(db, reader, patient.id, now=NOW)
    assert not mark_opened(db, reader, "trauma-grounding", now=NOW)

    visits_only = _caregiver(db, patient, me.user_id, ["appointments.see"])
    with pytest.raises(NotFound):
        suggestions_of(db, visits_only, None, now=NOW)
