"""The clinician's panel: their own patients only, danger first, each with the right flags."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from portal_app.models import CheckIn, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team.care_panel import care_panel
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.care_team.team_notes import add_note, notes_about
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from tests.factories import answers_entry, make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
NOW = datetime.now(UTC)
TODAY = NOW.date()


def check_in_on(db, patient_id: uuid.UUID, day: date) -> None:
    db.add(
        CheckIn(
            id=uuid.uuid4(),
            patient_id=patient_id,
            local_date=day,
            mood=3,
            anxiety=1,
            recorded_at=NOW,
        )
    )
    db.flush()


def panel_of(db, **filters) -> dict[str, object]:
    return {row.name: row for row in care_panel(db, RIVERA, now=NOW, today=TODAY, **filters)}


@pytest.fixture
def clinic_day(db):
    """Four patients of Dr. Rivera: at risk, getting worse, waiting for an answer, doing fine."""
    people = {}
    for key in ("risk", "worse", "wrote", "fine"):
        actor, patient = make_care_team_patient(
            db, f"{key}@panel.example", f"Panel {key}", RIVERA.user_id
        )
        check_in_on(db, patient.id, TODAY)
        people[key] = (actor, patient)
    sync(
        db,
        people["risk"][0],
        [answers_entry("phq9", [1] * 8 + [2], NOW - timedelta(hours=1))],
        now=NOW,
    )
    worse = people["worse"][0]
    sync(db, worse, [answers_entry("phq9", [0] * 9, NOW - timedelta(days=14))], now=NOW)
    sync(db, worse, [answers_entry("phq9", [2] * 6 + [0] * 3, NOW - timedelta(days=1))], now=NOW)
    start_thread(
        db, people["wrote"][0], None, "Question", "Can we talk?", now=NOW - timedelta(hours=5)
    )
    return people


def test_the_patient_at_risk_comes_first_then_worse_then_who_wrote(db, clinic_day) -> None:
    rows = care_panel(db, RIVERA, now=NOW, today=TODAY)
    mine = [r.name for r in rows if r.name.startswith("Panel ")]
    assert mine == ["Panel risk", "Panel worse", "Panel wrote", "Panel fine"]
    by_name = {r.name: r for r in rows}
    assert by_name["Panel risk"].flags == ["alert"]
    assert by_name["Panel worse"].flags == ["rising"] and by_name["Panel worse"].rising == ["phq9"]
    assert by_name["Panel wrote"].flags == ["message"]
    assert by_name["Panel fine"].flags == []
    # Above every patient without an open alert, whoever they are.
    calm = [i for i, r in enumerate(rows) if not r.open_alerts]
    assert mine.index("Panel risk") == 0 and rows.index(by_name["Panel risk"]) < min(calm)


def test_quiet_patients_are_flagged_after_the_chosen_days(db, clinic_day) -> None:
    _, patient = make_care_team_patient(db, "quiet@panel.example", "Panel quiet", RIVERA.user_id)
    check_in_on(db, patient.id, TODAY - timedelta(days=5))
    assert "quiet" not in panel_of(db)["Panel quiet"].flags
    assert "quiet" in panel_of(db, quiet_after=3)["Panel quiet"].flags
    assert panel_of(db, quiet_after=3)["Panel quiet"].quiet_days == 5


def test_filters_and_search(db, clinic_day) -> None:
    assert [n for n in panel_of(db, only="message") if n.startswith("Panel")] == ["Panel wrote"]
    assert list(panel_of(db, search="panel WOR")) == ["Panel worse"]
    assert panel_of(db, search="100%_\\") == {}


def test_only_clinicians_see_a_panel_and_only_of_their_own_patients(db, clinic_day) -> None:
    chen_names = {r.name for r in care_panel(db, CHEN, now=NOW, today=TODAY)}
    assert not {n for n in chen_names if n.startswith("Panel")}
    with pytest.raises(NotFound):
        care_panel(db, clinic_day["fine"][0], now=NOW, today=TODAY)


def test_team_notes_are_for_the_team_only(db, clinic_day) -> None:
    actor, patient = clinic_day["fine"]
    assert add_note(db, RIVERA, patient.id, "  ", now=NOW) == "overview.note_missing"
    assert add_note(db, RIVERA, patient.id, "Prefers calls after 5pm.", now=NOW) == ""
    assert [n.body for n in notes_about(db, RIVERA, patient.id, now=NOW)] == [
        "Prefers calls after 5pm."
    ]
    for outsider in (actor, CHEN):
        with pytest.raises(NotFound):
            notes_about(db, outsider, patient.id, now=NOW)


def test_missed_visits_and_visit_requests_are_flagged(db) -> None:
    from portal_app.models import Appointment

    people = {}
    for key in ("missed", "asked", "old"):
        actor, patient = make_care_team_patient(
            db, f"{key}@visits.example", f"Visit {key}", RIVERA.user_id
        )
        check_in_on(db, patient.id, TODAY)
        people[key] = (actor, patient)
    for key, status, days_ago in (
        ("missed", "missed", 3),
        ("asked", "requested", -5),
        ("old", "cancelled", 60),
    ):
        actor, patient = people[key]
        start = NOW - timedelta(days=days_ago)
        db.add(
            Appointment(
                patient_id=patient.id,
                clinician_id=RIVERA.user_id,
                clinic_id=CLINIC,
                starts_at=start,
                ends_at=start + timedelta(minutes=50),
                status=status,
                created_by=actor.user_id,
            )
        )
    db.flush()
    rows = panel_of(db)
    assert rows["Visit missed"].flags == ["visit"]
    assert rows["Visit asked"].flags == ["request"]
    assert rows["Visit old"].flags == []  # more than 30 days ago
