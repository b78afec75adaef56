"""Visits: slots from weekly hours in the clinic's zone (DST, days away, taken slots), one
winner for the last slot, the cancellation limit, requests answered with a message, reminders,
the video link's timing, and the calendar file parsed back."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import Session, select

from portal_app.models import Appointment, Clinic, MessageThread, Reminder
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id, seed_demo
from portal_app.services.common.migrations import upgrade_database
from portal_app.services.visits.appointments import (
    book,
    cancel,
    decide,
    reschedule,
    video_link_now,
    visits_of,
)
from portal_app.services.visits.availability import add_day_away, add_rule, open_slots
from portal_app.services.visits.visit_calendar import visit_ics
from tests.factories import make_care_team_patient, make_clinician

NY = ZoneInfo("America/New_York")
CLINIC = demo_id("clinic", "steady-demo")
# Friday 2026-10-30, 12:00 in New York; the clocks go back on Sunday 2026-11-01.
NOW = datetime(2026, 10, 30, 16, 0, tzinfo=UTC)


@pytest.fixture
def chen(db) -> Actor:
    """This test's own clinician: hours other tests left in the shared database never count."""
    return make_clinician(db, f"dr.{uuid.uuid4().hex[:8]}@example.org", "Dr. Wei Chen")


def monday_mornings(db, actor: Actor, **changes) -> None:
    values = {"weekday": 0, "starts": "09:00", "ends": "12:00", "minutes": 50}
    values |= {"kind": "in_person", "location": "Room 2, 12 River St"} | changes
    assert add_rule(db, actor, **values) == ""


def local(moment: datetime) -> str:
    return moment.astimezone(NY).strftime("%a %Y-%m-%d %H:%M")


def test_slots_keep_their_wall_clock_time_across_the_clock_change(db, chen) -> None:
    monday_mornings(db, chen)
    slots = open_slots(db, chen.user_id, now=NOW, days=11)
    assert [local(s.starts_at) for s in slots] == [
        "Mon 2026-11-02 09:00",
        "Mon 2026-11-02 09:50",
        "Mon 2026-11-02 10:40",
        "Mon 2026-11-09 09:00",
        "Mon 2026-11-09 09:50",
        "Mon 2026-11-09 10:40",
    ]
    # 09:00 is 13:00 UTC before the change and 14:00 UTC after it.
    assert slots[0].starts_at.astimezone(UTC).hour == 14


def test_days_away_taken_slots_and_short_notice_are_not_offered(db, chen) -> None:
    monday_mornings(db, chen)
    add_day_away(db, chen, date(2026, 11, 2), "Training")
    me, _ = make_care_team_patient(db, "slots@example.org", "Sam Slot", chen.user_id)
    first = open_slots(db, chen.user_id, now=NOW, days=11)[0]
    assert local(first.starts_at) == "Mon 2026-11-09 09:00"
    assert book(db, me, chen.user_id, first.starts_at, now=NOW).problem == ""
    assert first.starts_at not in [s.starts_at for s in open_slots(db, chen.user_id, now=NOW)]
    almost = first.starts_at - timedelta(hours=1)  # slots need 2 hours' notice
    assert [local(s.starts_at) for s in open_slots(db, chen.user_id, now=almost, days=1)] == [
        "Mon 2026-11-09 10:40"
    ]


def test_hours_are_checked(db, chen) -> None:
    assert (
        add_rule(
            db, chen, weekday=0, starts="9", ends="12:00", minutes=50, kind="in_person", location=""
        )
        == "availability.problem.fields"
    )
    assert (
        add_rule(
            db,
            chen,
            weekday=0,
            starts="09:00",
            ends="09:30",
            minutes=50,
            kind="in_person",
            location="",
        )
        == "availability.problem.too_short"
    )
    assert (
        add_rule(
            db,
            chen,
            weekday=0,
            starts="09:00",
            ends="12:00",
            minutes=50,
            kind="video",
            location="javascript:x",
        )
        == "availability.problem.video_link"
    )


def test_patients_book_only_with_their_own_care_team(db, chen) -> None:
    monday_mornings(db, chen)
    me, _ = make_care_team_patient(
        db, "other@example.org", "Ola Other", demo_id("user", "dr.rivera@example.org")
    )
    slot = open_slots(db, chen.user_id, now=NOW)[0]
    with pytest.raises(NotFound):
        book(db, me, chen.user_id, slot.starts_at, now=NOW)
    with pytest.raises(NotFound):
        book(db, chen, chen.user_id, slot.starts_at, now=NOW)


def test_cancelling_and_moving_stop_at_the_clinics_limit(db, chen) -> None:
    monday_mornings(db, chen)
    me, _ = make_care_team_patient(db, "cancel@example.org", "Cy Cancel", chen.user_id)
    slots = open_slots(db, chen.user_id, now=NOW)
    visit = book(db, me, chen.user_id, slots[0].starts_at, now=NOW).appointment
    late = visit.starts_at - timedelta(hours=23)
    assert cancel(db, me, visit.id, now=late) == "appointments.too_late"
    assert (
        reschedule(db, me, visit.id, slots[1].starts_at, now=late).problem
        == "appointments.too_late"
    )
    moved = reschedule(db, me, visit.id, slots[1].starts_at, now=NOW)
    assert moved.problem == "" and visit.status == "cancelled"
    # The old time is free again; the new one is taken.
    free = [s.starts_at for s in open_slots(db, chen.user_id, now=NOW)]
    assert slots[0].starts_at in free and slots[1].starts_at not in free
    early = moved.appointment.starts_at - timedelta(hours=25)
    assert cancel(db, me, moved.appointment.id, now=early) == ""
    # The clinician may still cancel late (and the visit's reminders stop being sent).
    again = book(db, me, chen.user_id, slots[2].starts_at, now=NOW).appointment
    assert cancel(db, chen, again.id, now=again.starts_at - timedelta(hours=1)) == ""


def test_a_booked_visit_is_reminded_the_day_before_and_two_hours_before(db, chen) -> None:
    monday_mornings(db, chen)
    me, patient = make_care_team_patient(db, "remind@example.org", "Ria Remind", chen.user_id)
    slot = open_slots(db, chen.user_id, now=NOW)[0]
    visit = book(db, me, chen.user_id, slot.starts_at, now=NOW).appointment
    rows = db.exec(select(Reminder).where(Reminder.patient_id == patient.id)).all()
    assert sorted(r.key for r in rows) == [
        f"appointment:{visit.id}:2h",
        f"appointment:{visit.id}:day",
    ]
    assert {r.kind for r in rows} == {"appointment"}


def test_requests_are_answered_with_a_message_the_patient_always_gets(db, chen) -> None:
    clinic = db.get(Clinic, CLINIC)
    clinic.booking_mode = "request"
    db.add(clinic)
    monday_mornings(db, chen)
    me, patient = make_care_team_patient(db, "ask@example.org", "Ash Ask", chen.user_id)
    slots = open_slots(db, chen.user_id, now=NOW)
    asked = book(
        db, me, chen.user_id, slots[0].starts_at, now=NOW, reason="Sleep is worse"
    ).appointment
    assert asked.status == "requested"
    assert slots[0].starts_at not in [s.starts_at for s in open_slots(db, chen.user_id, now=NOW)]
    assert decide(db, chen, asked.id, False, "  ", now=NOW) == "appointments.why_missing"
    assert (
        decide(db, chen, asked.id, False, "I am away that week; please pick the 9th.", now=NOW)
        == ""
    )
    assert asked.status == "declined"
    threads = db.exec(select(MessageThread).where(MessageThread.patient_id == patient.id)).all()
    assert len(threads) == 1
    second = book(db, me, chen.user_id, slots[1].starts_at, now=NOW).appointment
    assert decide(db, chen, second.id, True, "", now=NOW) == ""
    assert second.status == "booked"
    assert (
        len(db.exec(select(MessageThread).where(MessageThread.patient_id == patient.id)).all()) == 2
    )
    assert [v.status for v in visits_of(db, me, None, now=NOW)] == ["declined", "booked"]


def test_the_video_link_shows_only_around_the_visit(db, chen) -> None:
    monday_mornings(db, chen, kind="video", location="https://video.example.org/room/chen")
    me, _ = make_care_team_patient(db, "video@example.org", "Vi Video", chen.user_id)
    visit = book(
        db, me, chen.user_id, open_slots(db, chen.user_id, now=NOW)[0].starts_at, now=NOW
    ).appointment
    assert video_link_now(visit, now=visit.starts_at - timedelta(minutes=16)) == ""
    assert (
        video_link_now(visit, now=visit.starts_at - timedelta(minutes=14))
        == "https://video.example.org/room/chen"
    )
    assert video_link_now(visit, now=visit.ends_at + timedelta(minutes=1)) == ""


def test_the_calendar_file_parses_back_and_says_nothing_private(db, chen) -> None:
    monday_mornings(db, chen)
    me, _ = make_care_team_patient(db, "ics@example.org", "Ike Ics", chen.user_id)
    slot = open_slots(db, chen.user_id, now=NOW)[0]
    visit = book(db, me, chen.user_id, slot.starts_at, now=NOW, reason="panic attacks").appointment
    parsed = Calendar.from_ical(visit_ics(visit, db.get(Clinic, CLINIC), now=NOW))
    (event,) = parsed.walk("VEVENT")
    assert str(event["summary"]) == "Appointment"
    assert event.decoded("dtstart") == slot.starts_at
    assert event.decoded("dtend") == slot.ends_at
    assert str(event["uid"]) == f"{visit.id}@steady"
    assert str(event["location"]) == "Room 2, 12 River St"
    raw = visit_ics(visit, db.get(Clinic, CLINIC), now=NOW).decode()
    for private in ("panic", "Chen", "Riverside", "Behavioral"):
        assert private not in raw


def test_two_people_taking_the_last_slot_at_once_get_one_visit(fresh_engine) -> None:
    upgrade_database(fresh_engine)
    with Session(fresh_engine, expire_on_commit=False) as db:
        seed_demo(db, date(2026, 10, 30))
        chen = make_clinician(db, "dr.race@example.org", "Dr. Race")
        monday_mornings(db, chen, ends="09:50")  # one slot a week
        people = [
            make_care_team_patient(db, f"race{i}@example.org", f"Racer {i}", chen.user_id)[0]
            for i in range(2)
        ]
        last = open_slots(db, chen.user_id, now=NOW, days=4)[0]
        db.commit()
    ready, results = threading.Barrier(2), []

    def take(person: Actor) -> None:
        with Session(fresh_engine, expire_on_commit=False) as db:
            ready.wait()
            outcome = book(db, person, chen.user_id, last.starts_at, now=NOW)
            db.commit()
            results.append(outcome.problem)

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["", "appointments.taken"]
    with Session(fresh_engine) as db:
        live = db.exec(select(Appointment).where(Appointment.starts_at == last.starts_at)).all()
        assert len(live) == 1


def test_the_database_itself_refuses_a_second_live_visit_in_a_slot(db, chen) -> None:
    """Even past every check in the code: one live visit per clinician and start time."""
    from sqlalchemy.exc import IntegrityError

    me, patient = make_care_team_patient(db, "index@example.org", "Ida Index", chen.user_id)
    start = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)

    def visit(status: str) -> Appointment:
        return Appointment(
            patient_id=patient.id,
            clinician_id=chen.user_id,
            clinic_id=CLINIC,
            starts_at=start,
            ends_at=start + timedelta(minutes=50),
            status=status,
            created_by=me.user_id,
        )

    db.add(visit("cancelled"))
    db.add(visit("booked"))
    db.flush()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(visit("requested"))
        db.flush()


def test_no_two_live_visits_of_a_clinician_overlap_in_the_database(db, chen) -> None:
    """Found: only the same start minute was refused; 9:00-9:50 and 9:30-10:20 both stood."""
    from sqlalchemy.exc import IntegrityError

    me, patient = make_care_team_patient(db, "overlap@example.org", "Ola Overlap", chen.user_id)
    nine = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)

    def visit(start: datetime, minutes: int = 50, status: str = "booked") -> Appointment:
        return Appointment(
            patient_id=patient.id,
            clinician_id=chen.user_id,
            clinic_id=CLINIC,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            status=status,
            created_by=me.user_id,
        )

    db.add(visit(nine))
    db.flush()
    for start, minutes in ((nine + timedelta(minutes=30), 50), (nine - timedelta(minutes=20), 30)):
        with pytest.raises(IntegrityError), db.begin_nested():
            db.add(visit(start, minutes, "requested"))
            db.flush()
    db.add(visit(nine + timedelta(minutes=50)))  # back to back is fine
    db.add(visit(nine + timedelta(minutes=10), status="cancelled"))  # not live: fine
    db.flush()
    moved = visit(nine + timedelta(hours=3))
    db.add(moved)
    db.flush()
    with pytest.raises(IntegrityError), db.begin_nested():
        moved.starts_at, moved.ends_at = nine + timedelta(minutes=5), nine + timedelta(minutes=55)
        db.add(moved)
        db.flush()


def test_overlapping_weekly_hours_are_refused_and_gaps_keep_starts_round(db, chen) -> None:
    monday_mornings(db, chen, minutes=50, gap=10)
    overlap = {"weekday": 0, "starts": "11:00", "ends": "13:00", "minutes": 50}
    overlap |= {"kind": "in_person", "location": "Room 2"}
    assert add_rule(db, chen, **overlap) == "availability.problem.overlap"
    assert add_rule(db, chen, **(overlap | {"starts": "12:00"})) == ""  # right after: fine
    assert add_rule(db, chen, **(overlap | {"weekday": 1})) == ""  # another day: fine
    mondays = [
        local(s.starts_at)
        for s in open_slots(db, chen.user_id, now=NOW)
        if local(s.starts_at).startswith("Mon 2026-11-02")
    ]
    assert mondays[:3] == ["Mon 2026-11-02 09:00", "Mon 2026-11-02 10:00", "Mon 2026-11-02 11:00"]


def test_a_slot_that_overlaps_a_visit_at_another_time_is_not_offered(db, chen) -> None:
    monday_mornings(db, chen, minutes=50, gap=10)
    _, patient = make_care_team_patient(db, "busy@example.org", "Bea Busy", chen.user_id)
    half_past_nine = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)  # 9:30 New York
    db.add(
        Appointment(
            patient_id=patient.id,
            clinician_id=chen.user_id,
            clinic_id=CLINIC,
            starts_at=half_past_nine,
            ends_at=half_past_nine + timedelta(minutes=50),
            status="booked",
            created_by=chen.user_id,
        )
    )
    db.flush()
    mondays = [
        local(s.starts_at)
        for s in open_slots(db, chen.user_id, now=NOW)
        if local(s.starts_at).startswith("Mon 2026-11-02")
    ]
    assert mondays == ["Mon 2026-11-02 11:00"]  # 9:00 and 10:00 both overlap 9:30-10:20
