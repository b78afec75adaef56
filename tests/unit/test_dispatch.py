"""The dispatcher end to end on its own database: due doses reach each device once, as
neutral words, gone devices are dropped, quiet hours and switches hold, two workers never
send the same reminder, and "Taken" on the notification lands in the dose log."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal_app.models import (
    DoseLog,
    PushAttempt,
    PushSubscription,
    Reminder,
    ReminderSettings,
    Role,
)
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id, seed_demo
from portal_app.services.common.migrations import upgrade_database
from portal_app.services.medication.dispatch import Dispatcher
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from portal_app.services.medication.push import PushSender
from portal_app.services.medication.reminder_actions import act_by_token, waiting_for_me
from portal_app.services.medication.reminders import insert_new, remind_now
from tests.factories import make_care_team_patient
from tests.push_service import verify_vapid
from tests.run_async import run_async

SECRET = "test-secret-for-reminder-buttons-0123456789"
CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
# 15:00 UTC is 10:00 in New York, the dose time below.
DOSE_TIME = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
PRIVATE_WORDS = ("Naltrexone", "Cravings", "Robin", "Quill", "Riverside", "Behavioral", "Rivera")


def dispatch_database(fresh_engine):
    """A brand-new database with the demo clinic, for a dispatcher of its own."""
    upgrade_database(fresh_engine)
    with Session(fresh_engine) as db:
        seed_demo(db, date(2026, 11, 26))
        db.commit()
    return fresh_engine


@pytest.fixture
def engine(fresh_engine):
    return dispatch_database(fresh_engine)


def session_factory(engine):
    @contextmanager
    def sessions():
        with Session(engine, expire_on_commit=False) as db:
            try:
                yield db
                db.commit()
            except Exception:
                db.rollback()
                raise

    return sessions


def dispatcher(engine, vapid, tmp_path: Path, name: str = "w1", batch: int = 500) -> Dispatcher:
    from portal_app.services.common.mail import deliverer

    return Dispatcher(
        sessions=session_factory(engine),
        sender=PushSender(vapid, "mailto:ops@clinic.example", first_wait=0.05),
        secret=SECRET,
        origin="https://portal.clinic.example",
        deliver_email=deliverer(smtp_url=None, outbox=tmp_path / "outbox"),
        worker=name,
        batch=batch,
    )


def robin(engine, *devices, times=("10:00",), **settings):
    """A patient on naltrexone at 10:00 New York time, with these devices and settings."""
    with session_factory(engine)() as db:
        me, patient = make_care_team_patient(
            db, f"robin.{uuid.uuid4().hex[:6]}@example.org", "Robin Quill", RIVERA.user_id
        )
        form = MedicineForm(
            name="Naltrexone",
            dose="50 mg",
            reason="Cravings",
            started_on="2026-11-01",
            times=tuple(times),
        )
        assert add_medicine(db, RIVERA, patient.id, form, now=DOSE_TIME) == ""
        for device in devices:
            db.add(
                PushSubscription(
                    user_id=me.user_id,
                    endpoint=device.endpoint,
                    p256dh=device.p256dh,
                    auth=device.auth,
                )
            )
        if settings:
            db.add(ReminderSettings(patient_id=patient.id, **settings))
    return me, patient


def run(d: Dispatcher, now: datetime):
    return run_async(d.run_once(now))


def test_a_due_dose_reaches_each_device_once_in_neutral_words(engine, vapid, service, tmp_path):
    phone, gone_laptop = service.device("ok"), service.device("gone")
    robin(engine, phone, gone_laptop)
    report = run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=1))
    assert (report.claimed, report.sent) == (1, 1)
    (received,) = service.for_device(phone)
    payload = phone.decrypt(received.body)
    assert (payload["title"], payload["body"], payload["url"]) == (
        "Steady",
        "You have a reminder.",
        "/medicines",
    )
    assert [a["action"] for a in payload["actions"]] == ["taken", "snooze"]
    plain = received.body + str(payload).encode()
    assert not any(word.encode() in plain for word in PRIVATE_WORDS)
    verify_vapid(received.headers["authorization"], service.origin)
    assert received.headers["urgency"] == "high" and int(received.headers["ttl"]) > 0
    with Session(engine) as db:
        assert (
            db.exec(
                select(PushSubscription).where(PushSubscription.endpoint == gone_laptop.endpoint)
            ).first()
            is None
        )
        outcomes = Counter(a.outcome for a in db.exec(select(PushAttempt)).all())
        assert outcomes == {"sent": 1, "gone": 1}
    # Sent once: the next rounds find nothing new.
    assert run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=2)).claimed == 0
    assert len(service.for_device(phone)) == 1


def test_taken_on_the_notification_logs_the_dose_and_snooze_sends_it_again(
    engine, vapid, service, tmp_path
):
    phone = service.device("ok")
    me, patient = robin(engine, phone, neutral_look=True)
    run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=1))
    (first,) = service.for_device(phone)
    payload = phone.decrypt(first.body)
    assert payload["title"] == "Reminder" and payload["icon"].endswith("bell-192.png")
    reminder_id = uuid.UUID(payload["reminder"])
    with session_factory(engine)() as db:
        with pytest.raises(NotFound):
            act_by_token(db, SECRET, reminder_id, "0" * 64, "taken", now=DOSE_TIME)
        act_by_token(
            db,
            SECRET,
            reminder_id,
            payload["token"],
            "snooze",
            now=DOSE_TIME + timedelta(minutes=2),
        )
    assert run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=10)).sent == 0
    assert run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=17)).sent == 1
    again = phone.decrypt(service.for_device(phone)[1].body)
    with session_factory(engine)() as db:
        act_by_token(
            db, SECRET, reminder_id, again["token"], "taken", now=DOSE_TIME + timedelta(minutes=18)
        )
        # "Remind me in 15 min" pressed later on another device changes nothing now.
        act_by_token(
            db,
            SECRET,
            reminder_id,
            again["token"],
            "snooze",
            now=DOSE_TIME + timedelta(minutes=19),
        )
        (logged,) = db.exec(select(DoseLog).where(DoseLog.patient_id == patient.id)).all()
        assert (logged.status, logged.source, logged.scheduled_for.hour) == (
            "taken",
            "reminder",
            15,
        )
        settled = db.get(Reminder, reminder_id)
        assert settled.done_at is not None and settled.status == "sent"
        assert waiting_for_me(db, me, now=DOSE_TIME + timedelta(minutes=19)) == []
    assert run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=40)).claimed == 0


def test_quiet_hours_hold_a_late_dose_until_morning(engine, vapid, service, tmp_path):
    phone = service.device("ok")
    robin(engine, phone, times=("23:00",))  # 04:00 UTC next day
    late = datetime(2026, 11, 27, 4, 1, tzinfo=UTC)
    assert run(dispatcher(engine, vapid, tmp_path), late).sent == 0
    morning = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 07:00 New York
    assert run(dispatcher(engine, vapid, tmp_path), morning).sent == 1


def test_quiet_hours_hold_the_push_but_not_what_home_shows(engine, vapid, service, tmp_path):
    """Quiet hours keep the phone still; they do not hide a new message in the app (found by
    CI at 02:00 UTC, 21:00 in New York: Home did not list "You have a new message")."""
    phone = service.device("ok")
    me, patient = robin(engine, phone)
    late = datetime(2026, 11, 27, 4, 30, tzinfo=UTC)  # 23:30 New York, inside 22:00-07:00
    with session_factory(engine)() as db:
        assert remind_now(db, patient, "message", key="message:test:late", now=late)
    assert run(dispatcher(engine, vapid, tmp_path), late + timedelta(minutes=1)).sent == 0
    with Session(engine) as db:
        shown = waiting_for_me(db, me, now=late + timedelta(minutes=1))
        assert [r.kind for r in shown] == ["message"]
    morning = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 07:00 New York
    assert run(dispatcher(engine, vapid, tmp_path), morning).sent == 1


def test_a_switched_off_kind_is_not_sent_and_no_device_means_home_and_email(
    engine, vapid, service, tmp_path
):
    robin(engine, service.device("ok"), dose_on=False)
    assert run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=1)).claimed == 0
    me, _ = robin(engine, email_too=True)  # no device at all
    report = run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=1))
    assert (report.no_device, report.emailed) == (1, 1)
    (mail,) = (tmp_path / "outbox").glob("*.eml")
    message = message_from_bytes(mail.read_bytes(), policy=policy.default)
    text = f"{message['Subject']} {message.get_body().get_content()}"
    assert "You have a reminder" in text
    assert not any(word in text for word in PRIVATE_WORDS)
    with Session(engine) as db:
        (shown,) = waiting_for_me(db, me, now=DOSE_TIME + timedelta(minutes=5))
        assert shown.kind == "dose"


def test_two_workers_share_the_due_reminders_and_send_each_once(engine, vapid, service, tmp_path):
    phone = service.device("ok")
    me, patient = robin(engine, phone, times=("03:00",), check_in_on=True)
    with session_factory(engine)() as db:
        insert_new(
            db,
            [
                {
                    "id": uuid.uuid4(),
                    "key": f"check_in:test:{n}",
                    "patient_id": patient.id,
                    "user_id": me.user_id,
                    "kind": "check_in",
                    "scheduled_for": DOSE_TIME,
                    "due_at": DOSE_TIME,
                    "status": "pending",
                    "claimed_by": "",
                    "created_at": DOSE_TIME,
                }
                for n in range(300)
            ],
        )

    async def both():
        one = dispatcher(engine, vapid, tmp_path, "worker-1", batch=20)
        two = dispatcher(engine, vapid, tmp_path, "worker-2", batch=20)

        async def drain(d):
            while (await d.run_once(DOSE_TIME + timedelta(minutes=1))).claimed:
                pass

        await asyncio.gather(drain(one), drain(two))

    run_async(both())
    tags = [phone.decrypt(r.body)["tag"] for r in service.for_device(phone)]
    assert len(tags) == 300 and len(set(tags)) == 300
    with Session(engine) as db:
        rows = db.exec(select(Reminder).where(Reminder.patient_id == patient.id)).all()
        assert {r.status for r in rows} == {"sent"}
        assert set(Counter(r.claimed_by for r in rows)) <= {"worker-1", "worker-2"}


def test_check_in_and_questionnaire_reminders_come_once_and_not_after_checking_in(
    engine, vapid, service, tmp_path
):
    from portal_app.services.measures.assignments import assign
    from portal_app.services.measures.journal import sync

    phone = service.device("ok")
    me, patient = robin(engine, phone, times=("03:00",), check_in_on=True, check_in_at="10:00")
    with session_factory(engine)() as db:
        assign(db, RIVERA, patient.id, "phq9", 14, now=DOSE_TIME - timedelta(hours=1))
    report = run(dispatcher(engine, vapid, tmp_path), DOSE_TIME + timedelta(minutes=1))
    assert report.sent == 2
    kinds = sorted(phone.decrypt(r.body)["url"] for r in service.for_device(phone))
    assert kinds == ["/check-in", "/questionnaires"]
    later = DOSE_TIME + timedelta(hours=3)
    assert run(dispatcher(engine, vapid, tmp_path), later).claimed == 0  # once per due date
    # Tomorrow the patient checks in before 10:00: no check-in reminder that day.
    tomorrow = DOSE_TIME + timedelta(days=1)
    with session_factory(engine)() as db:
        entry = {
            "kind": "check_in",
            "id": str(uuid.uuid4()),
            "recorded_at": (tomorrow - timedelta(hours=2)).isoformat(),
            "mood": 4,
            "anxiety": 1,
        }
        sync(db, me, [entry], now=tomorrow - timedelta(hours=2))
    report = run(dispatcher(engine, vapid, tmp_path), tomorrow + timedelta(minutes=1))
    assert (report.claimed, report.sent) == (1, 0)
