"""Medicines: the care team keeps the list, the patient logs doses (late after an hour, a
wrong tap can be corrected), adherence is counted kindly, and refills are asked and answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, DoseLog, Medicine, Reminder, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.medication.adherence import weekly_adherence
from portal_app.services.medication.medicines import (
    MedicineForm,
    add_medicine,
    doses_today,
    log_dose,
    medicines_of,
    set_dose_times,
    stop_medicine,
    taken_today,
)
from portal_app.services.medication.refills import (
    decide_refill,
    refills_of,
    request_refill,
    waiting_refills,
)
from tests.factories import make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
# 2026-11-26 15:00 UTC is 10:00 in New York.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
MORNING = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 08:00 New York
EVENING = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 20:00 New York


def sertraline(**changes) -> MedicineForm:
    values = {
        "name": "Sertraline",
        "dose": "50 mg, 1 tablet",
        "instructions": "Take with breakfast.",
        "reason": "For low mood",
        "prescriber": "Dr. Rivera",
        "started_on": "2026-11-01",
        "times": ("08:00", "20:00"),
    }
    return MedicineForm(**{**values, **changes})


@pytest.fixture
def kim(db):
    me, patient = make_care_team_patient(db, "kim.meds@example.org", "Kim Meds", RIVERA.user_id)
    assert add_medicine(db, RIVERA, patient.id, sertraline(), now=NOW) == ""
    medicine = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).one()
    return me, patient, medicine


def test_the_clinician_form_says_what_to_fix(db, kim):
    _, patient, _ = kim
    cases = {
        "medicines.problem.name": sertraline(name=" "),
        "medicines.problem.dose": sertraline(dose=""),
        "medicines.problem.start": sertraline(started_on="26/11/2026"),
        "medicines.problem.times": sertraline(times=("8am",)),
        "medicines.problem.days": sertraline(weekdays=(7,)),
    }
    for key, form in cases.items():
        assert add_medicine(db, RIVERA, patient.id, form, now=NOW) == key
    assert add_medicine(db, RIVERA, patient.id, sertraline(times=()), now=NOW) == (
        "medicines.problem.times"
    )
    as_needed = sertraline(name="Hydroxyzine", times=(), as_needed=True)
    assert add_medicine(db, RIVERA, patient.id, as_needed, now=NOW) == ""
    assert [m.name for m in medicines_of(db, RIVERA, patient.id, now=NOW)] == [
        "Hydroxyzine",
        "Sertraline",
    ]


def test_only_the_care_team_changes_the_list_and_only_they_and_the_patient_see_it(db, kim):
    me, patient, medicine = kim
    with pytest.raises(NotFound):
        add_medicine(db, me, patient.id, sertraline(), now=NOW)
    with pytest.raises(NotFound):
        add_medicine(db, CHEN, patient.id, sertraline(), now=NOW)
    with pytest.raises(NotFound):
        medicines_of(db, CHEN, patient.id, now=NOW)
    with pytest.raises(NotFound):
        stop_medicine(db, me, medicine.id, now=NOW)
    assert [m.id for m in medicines_of(db, me, patient.id, now=NOW)] == [medicine.id]
    stop_medicine(db, RIVERA, medicine.id, now=NOW)
    assert medicines_of(db, me, patient.id, now=NOW) == []


def test_doses_are_taken_on_time_late_or_skipped_and_can_be_corrected(db, kim):
    me, patient, medicine = kim
    today = doses_today(db, me, patient.id, now=NOW)
    assert [(d.scheduled_for, d.status) for d in today] == [(MORNING, ""), (EVENING, "")]
    on_time = MORNING + timedelta(minutes=50)
    assert log_dose(db, me, medicine.id, MORNING, "taken", source="home", now=on_time) == "taken"
    late = MORNING + timedelta(hours=3)
    assert log_dose(db, me, medicine.id, MORNING, "taken", source="home", now=late) == "late"
    assert log_dose(db, me, medicine.id, EVENING, "skipped", source="medicines", now=NOW) == (
        "skipped"
    )
    logged = db.exec(select(DoseLog).where(DoseLog.patient_id == patient.id)).all()
    assert sorted(r.status for r in logged) == ["late", "skipped"]  # one row per dose
    statuses = [d.status for d in doses_today(db, me, patient.id, now=NOW)]
    assert statuses == ["late", "skipped"]


def test_a_dose_that_is_not_on_the_schedule_or_not_yours_is_refused(db, kim):
    me, _, medicine = kim
    with pytest.raises(NotFound):
        log_dose(
            db, me, medicine.id, MORNING + timedelta(minutes=7), "taken", source="home", now=NOW
        )
    with pytest.raises(NotFound):
        log_dose(db, RIVERA, medicine.id, MORNING, "taken", source="home", now=NOW)
    other, _ = make_care_team_patient(db, "lee.meds@example.org", "Lee Meds", RIVERA.user_id)
    with pytest.raises(NotFound):
        log_dose(db, other, medicine.id, MORNING, "taken", source="home", now=NOW)
    with pytest.raises(NotFound):
        log_dose(db, me, medicine.id, MORNING, "swallowed", source="home", now=NOW)
    # A dose at no scheduled time is only for "when needed" medicines (found: a caregiver
    # logged six extra "taken" doses of a scheduled one this way).
    with pytest.raises(NotFound):
        log_dose(db, me, medicine.id, None, "taken", source="medicines", now=NOW)
    assert db.exec(select(DoseLog).where(DoseLog.medicine_id == medicine.id)).all() == []


def test_the_patient_moves_their_dose_times(db, kim):
    me, patient, medicine = kim
    assert set_dose_times(db, me, medicine.id, ["9:30", "21:00"], now=NOW) == ""
    assert [
        d.scheduled_for.astimezone(UTC).hour for d in doses_today(db, me, patient.id, now=NOW)
    ] == [14, 2]
    assert set_dose_times(db, me, medicine.id, ["late"], now=NOW) == "medicines.problem.times"
    assert set_dose_times(db, me, medicine.id, [], now=NOW) == "medicines.problem.times"
    with pytest.raises(NotFound):
        set_dose_times(db, RIVERA, medicine.id, ["10:00"], now=NOW)


def test_weekly_adherence_counts_each_dose_once_and_speaks_kindly(db, kim):
    me, patient, medicine = kim
    now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # the week is Nov 21-28
    week = weekly_adherence(db, me, patient.id, now=now)
    # Added on Nov 26 at 10:00 New York: the doses from then count. That morning's 08:00 dose
    # came before it was added (found: counted as missed), and the latest is not "missed"
    # until two hours have passed.
    assert (week.taken, week.missed, week.percent, week.message_key) == (
        0,
        4,
        0,
        "adherence.new_start",
    )
    for day in range(21, 29):
        for hour in (13, 1):
            moment = datetime(2026, 11, day, hour, tzinfo=UTC) + (
                timedelta(days=1) if hour == 1 else timedelta()
            )
            if now - timedelta(days=7) <= moment < now - timedelta(hours=1):
                log_dose(db, me, medicine.id, moment, "taken", source="home", now=moment)
    week = weekly_adherence(db, RIVERA, patient.id, now=now)
    assert week.missed == 0 and week.percent == 100 and week.message_key == "adherence.great"
    with pytest.raises(NotFound):
        weekly_adherence(db, CHEN, patient.id, now=now)


def test_a_refill_is_asked_once_answered_with_a_note_and_the_patient_is_told(db, kim):
    me, patient, medicine = kim
    request_refill(db, me, medicine.id, now=NOW)
    request_refill(db, me, medicine.id, now=NOW + timedelta(minutes=1))  # a second tap
    (waiting,) = [r for r in waiting_refills(db, RIVERA, now=NOW) if r.patient_id == patient.id]
    assert waiting.medicine == "Sertraline" and waiting.patient_name == "Kim Meds"
    assert [r for r in waiting_refills(db, CHEN, now=NOW) if r.patient_id == patient.id] == []
    assert decide_refill(db, RIVERA, waiting.id, False, " ", now=NOW) == "refills.problem.why"
    with pytest.raises(NotFound):
        decide_refill(db, CHEN, waiting.id, True, "", now=NOW)
    assert decide_refill(db, RIVERA, waiting.id, False, "Please come in first.", now=NOW) == ""
    (answered,) = refills_of(db, me, patient.id, now=NOW)
    assert (answered.status, answered.note) == ("declined", "Please come in first.")
    told = db.exec(select(Reminder).where(Reminder.patient_id == patient.id)).all()
    assert [(r.kind, r.key) for r in told] == [("refill", f"refill:{waiting.id}")]
    with pytest.raises(NotFound):
        decide_refill(db, RIVERA, waiting.id, True, "", now=NOW)  # already answered


def test_the_dose_log_lists_scheduled_and_as_needed_doses_newest_first(db, kim):
    from portal_app.services.medication.medicines import dose_log_of

    me, patient, medicine = kim
    as_needed = sertraline(name="Hydroxyzine", times=(), as_needed=True)
    assert add_medicine(db, RIVERA, patient.id, as_needed, now=NOW) == ""
    extra = db.exec(
        select(Medicine).where(Medicine.name == "Hydroxyzine", Medicine.patient_id == patient.id)
    ).one()
    log_dose(db, me, medicine.id, MORNING, "taken", source="home", now=MORNING)
    log_dose(db, me, extra.id, None, "taken", source="medicines", now=NOW)
    log_dose(db, me, extra.id, None, "taken", source="medicines", now=NOW + timedelta(hours=1))
    found = dose_log_of(db, RIVERA, patient.id, now=NOW + timedelta(hours=2))
    assert [(d.name, d.scheduled_for, d.status) for d in found] == [
        ("Hydroxyzine", None, "taken"),
        ("Hydroxyzine", None, "taken"),
        ("Sertraline", MORNING, "taken"),
    ]
    with pytest.raises(NotFound):
        dose_log_of(db, CHEN, patient.id, now=NOW)


def hours(count: int) -> timedelta:
    return timedelta(hours=count)


def test_evening_doses_count_for_the_patients_own_day_on_every_database(db):
    """Found (CI at 01:07 UTC): an evening in New York is the next day in UTC, and SQLite
    compares the stored UTC times as text with the day's bounds written in New York time, so
    the evening's doses counted for nothing and the daily most was never flagged."""
    me, patient = make_care_team_patient(db, "eve.prn@example.org", "Eve Prn", RIVERA.user_id)
    form = sertraline(name="Hydroxyzine", as_needed=True, times=(), max_per_day="1")
    assert add_medicine(db, RIVERA, patient.id, form, now=NOW) == ""
    medicine = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).one()
    took = [
        log_dose(
            db,
            me,
            medicine.id,
            None,
            "taken",
            source="medicines",
            now=EVENING + timedelta(minutes=m),
        )
        for m in (0, 7)
    ]
    assert took == ["taken", "over_daily_most"]
    assert taken_today(db, [medicine], EVENING + timedelta(minutes=8)) == {medicine.id: 2}


def test_an_as_needed_medicine_flags_more_doses_than_the_daily_most(db):
    """Found: a "when needed" medicine with a daily maximum took any number of doses quietly."""
    me, patient = make_care_team_patient(db, "pat.prn@example.org", "Pat Prn", RIVERA.user_id)
    form = sertraline(name="Hydroxyzine", as_needed=True, times=(), max_per_day="2")
    assert add_medicine(db, RIVERA, patient.id, form, now=NOW) == ""
    medicine = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).one()
    assert medicine.max_per_day == 2
    took = [
        log_dose(
            db, me, medicine.id, None, "taken", source="medicines", now=NOW + timedelta(hours=h)
        )
        for h in (0, 1, 2)
    ]
    assert took == ["taken", "taken", "over_daily_most"]
    assert taken_today(db, [medicine], NOW + timedelta(hours=2)) == {medicine.id: 3}
    flagged = db.exec(
        select(AuditEvent).where(
            AuditEvent.patient_id == patient.id, AuditEvent.action == "medicines.over_daily_most"
        )
    ).all()
    assert len(flagged) == 1
    # A new day starts again from none (the patient's own day, New York).
    tomorrow = NOW + timedelta(days=1)
    assert log_dose(db, me, medicine.id, None, "taken", source="medicines", now=tomorrow) == "taken"
    for wrong in ("0", "25", "two"):
        bad = sertraline(name="X", as_needed=True, times=(), max_per_day=wrong)
        assert add_medicine(db, RIVERA, patient.id, bad, now=NOW) == "medicines.problem.max"
