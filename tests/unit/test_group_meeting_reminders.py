"""A group's weekly meeting is reminded like a visit: two hours before, to each member who is
a patient, in the usual neutral words, and never after they leave or the group ends.

Real database, a real dispatcher, real HTTP to a push service on loopback; each push is
decrypted with the device's own key."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from portal_app.models import Reminder, ReminderSettings
from portal_app.services.groups.groups import create_group, end_group
from portal_app.services.groups.membership import (
    ask_to_join,
    decide,
    members_of,
    requests_for,
    take_out,
)
from portal_app.services.problems import GroupProblem
from tests.factories import make_care_team_patient
from tests.unit.test_alert_notices import give_device
from tests.unit.test_dispatch import RIVERA, dispatch_database, dispatcher, run, session_factory
from tests.unit.test_groups import GROUP

# Tuesday 1 December 2026, 18:00 in New York is 23:00 UTC; its reminder is due at 21:00 UTC.
MONDAY_EVENING = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
WEEKLY = {**GROUP, "meets_day": "1", "meets_at": "18:00"}


@pytest.fixture
def engine(fresh_engine):
    return dispatch_database(fresh_engine)


def person(engine, name: str, *devices, **settings):
    with session_factory(engine)() as db:
        me, patient = make_care_team_patient(
            db, f"{name.lower()}.{uuid.uuid4().hex[:6]}@example.org", name, RIVERA.user_id
        )
        if settings:
            db.add(ReminderSettings(patient_id=patient.id, **settings))
    for device in devices:
        give_device(engine, me.user_id, device)
    return me


def weekly_group(engine, members, asking=()) -> uuid.UUID:
    with session_factory(engine)() as db:
        group = create_group(db, RIVERA, WEEKLY, now=MONDAY_EVENING - timedelta(days=7))
        assert not isinstance(group, GroupProblem)
        assert (group.meets_weekday, group.meets_at) == (1, "18:00")
        for index, (me, _name) in enumerate((*members, *asking)):
            name = f"Member {'ABCDEFG'[index]}"
            assert (
                ask_to_join(db, me, group.id, name, rules_accepted=True, now=MONDAY_EVENING) is None
            )
        for asked in requests_for(db, RIVERA, group.id):
            if asked.user_id in {me.user_id for me, _ in members}:
                assert decide(db, RIVERA, asked.id, True, now=MONDAY_EVENING) is None
        return group.id


def test_members_are_reminded_two_hours_before_in_neutral_words(engine, vapid, service, tmp_path):
    ana_phone, ben_phone, cy_phone = (service.device("ok") for _ in range(3))
    ana = person(engine, "Ana", ana_phone)
    ben = person(engine, "Ben", ben_phone)  # asked, not let in yet
    cy = person(engine, "Cy", cy_phone, appointment_on=False)  # visit reminders off
    weekly_group(engine, [(ana, "Ana"), (cy, "Cy")], asking=[(ben, "Ben")])

    assert run(dispatcher(engine, vapid, tmp_path), MONDAY_EVENING).sent == 0  # planned only
    with Session(engine) as db:
        planned = db.exec(select(Reminder).where(Reminder.kind == "group")).all()
        assert [(r.user_id, r.scheduled_for.astimezone(UTC)) for r in planned] == [
            (ana.user_id, DUE)
        ]
    # Planned once, however many workers plan.
    run(dispatcher(engine, vapid, tmp_path, name="w2"), MONDAY_EVENING + timedelta(minutes=5))
    report = run(dispatcher(engine, vapid, tmp_path), DUE + timedelta(minutes=1))
    assert report.sent == 1
    (received,) = service.for_device(ana_phone)
    payload = ana_phone.decrypt(received.body)
    assert (payload["body"], payload["url"]) == ("You have a reminder.", "/groups")
    shown = f"{payload['title']} {payload['body']} {payload['tag']}"  # what a lock screen shows
    assert not any(w in shown.lower() for w in ("tuesday", "circle", "recovery", "group"))
    assert service.for_device(ben_phone) == [] and service.for_device(cy_phone) == []


def test_no_reminder_after_leaving_being_taken_out_or_the_group_ending(
    engine, vapid, service, tmp_path
):
    ana_phone, ben_phone = service.device("ok"), service.device("ok")
    ana, ben = person(engine, "Ana", ana_phone), person(engine, "Ben", ben_phone)
    group_id = weekly_group(engine, [(ana, "Ana"), (ben, "Ben")])
    run(dispatcher(engine, vapid, tmp_path), MONDAY_EVENING)  # both planned
    with session_factory(engine)() as db:
        (out,) = [m for m in members_of(db, RIVERA, group_id) if m.user_id == ben.user_id]
        take_out(db, RIVERA, out.id, now=MONDAY_EVENING)
    run(dispatcher(engine, vapid, tmp_path), DUE + timedelta(minutes=1))
    assert len(service.for_device(ana_phone)) == 1 and service.for_device(ben_phone) == []

    next_week = MONDAY_EVENING + timedelta(days=7)
    with session_factory(engine)() as db:
        end_group(db, RIVERA, group_id, now=next_week)
    run(dispatcher(engine, vapid, tmp_path), next_week)
    run(dispatcher(engine, vapid, tmp_path), DUE + timedelta(days=7, minutes=1))
    assert len(service.for_device(ana_phone)) == 1


@pytest.mark.parametrize(
    ("day", "clock"), [("1", ""), ("", "18:00"), ("9", "18:00"), ("1", "25:00"), ("x", "6pm")]
)
def test_a_meeting_time_needs_a_real_day_and_time_or_neither(engine, day, clock) -> None:
    with session_factory(engine)() as db:
        wanted = {**GROUP, "meets_day": day, "meets_at": clock}
        assert create_group(db, RIVERA, wanted, now=MONDAY_EVENING) == GroupProblem.MEETS
        plain = create_group(
            db, RIVERA, {**GROUP, "meets_day": "", "meets_at": ""}, now=MONDAY_EVENING
        )
        assert not isinstance(plain, GroupProblem) and plain.meets_weekday is None
