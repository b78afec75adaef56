"""Trends: daily averages, score series, the change badge, and who may see them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.content.dates import day_words, month_words
from portal_app.models import CareTeamMembership, Patient, Role
from portal_app.server_rendered.charts import line_chart
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from portal_app.services.measures.trends import Point, care_team_patients, is_rising, trends_for
from tests.factories import answers_entry, make_patient

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)


def day(n: int) -> Point:
    return Point((T0 - timedelta(days=n)).date(), 0)


@pytest.mark.parametrize(
    ("before", "latest", "rising"),
    [
        (4, 9, True),
        (5, 9, False),
        (4, 5, False),  # a band line crossed by 1 point is not a change
        (9, 10, False),
        (10, 14, False),
        (14, 15, False),
        (10, 15, True),
        (20, 15, False),
    ],
)
def test_the_change_badge(before: float, latest: float, rising: bool) -> None:
    points = [Point(day(9).day, before), Point(day(1).day, latest)]
    assert is_rising("phq9", points) is rising
    assert not is_rising("phq9", points[-1:])


def test_series_for_the_patient_and_their_care_team_only(db) -> None:
    user = make_patient(db, "tia.trends@example.org", "Tia Trends")
    patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=RIVERA.user_id, is_primary=True))
    me = Actor(user.id, Role.PATIENT, CLINIC)
    entries = []
    for days_ago, mood, sleep in ((2, 2, 6.0), (2, 4, 8.0), (1, 5, None)):
        at = (T0 - timedelta(days=days_ago)).isoformat()
        entries.append(
            {
                "kind": "check_in",
                "id": str(uuid.uuid4()),
                "recorded_at": at,
                "mood": mood,
                "anxiety": 1,
                "sleep_hours": sleep,
            }
        )
    for days_ago, answers in ((20, [0] * 9), (3, [1] * 9)):
        at = T0 - timedelta(days=days_ago)
        sync(
            db,
            me,
            [answers_entry("phq9", answers, at)],
            now=at,
        )
    sync(db, me, entries, now=T0)
    found = trends_for(db, me, patient.id, 30, now=T0)
    assert [p.value for p in found.mood] == [3.0, 5.0] and [p.value for p in found.sleep] == [7.0]
    assert [p.value for p in found.scores["phq9"]] == [0.0, 9.0] and found.rising["phq9"] is True
    assert found.scores["gad7"] == [] and found.rising["gad7"] is False
    assert trends_for(db, RIVERA, patient.id, 7, now=T0).days == 30  # unknown ranges fall back
    assert (patient.id, "Tia Trends") in care_team_patients(db, RIVERA)
    chen = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
    with pytest.raises(NotFound):
        trends_for(db, chen, patient.id, 30, now=T0)
    assert care_team_patients(db, me) == []


def test_charts_name_their_bands_and_escape_text() -> None:
    svg = line_chart(
        [(day(3).day, 9.0), (day(1).day, 12.0)],
        since=day(29).day,
        until=day(0).day,
        y_min=0,
        y_max=27,
        title="<Mood> & more",
        bands=[(0, 4, "Minimal"), (5, 9, "Mild")],
    )
    assert (
        svg.startswith("<svg")
        and 'role="img"' in svg
        and "<title>&lt;Mood&gt; &amp; more</title>" in svg
    )
    assert ">Minimal</text>" in svg and svg.count("<circle") == 2
    assert line_chart([], since=day(1).day, until=day(0).day, y_min=0, y_max=1, title="x") == ""


def test_chart_axes_read_in_words_and_whole_numbers() -> None:
    """Found: "13.5" clipped to ".3.5" on a phone, and dates as "2026-11-04"."""

    since, until = date(2026, 11, 4), date(2026, 12, 3)
    svg = line_chart(
        [(since, 12.0), (until, 8.0)],
        since=since,
        until=until,
        y_min=0,
        y_max=27,
        title="Mood questions score",
        date_labels=(day_words(since, "es"), day_words(until, "es")),
    )
    assert ">14</text>" in svg and "13.5" not in svg
    assert ">4 nov</text>" in svg and ">3 dic</text>" in svg and "2026-11-04" not in svg
    assert day_words(since, "en") == "Nov 4"
    assert (month_words(until, "en"), month_words(until, "es")) == (
        "December 2026",
        "diciembre de 2026",
    )
