"""Ten weeks of made-up history for the demo clinic, so a newcomer sees what the portal does.

`make run` seeds it after the demo people (`demo_seed`); the test suite's clinic has the people
only, so tests start from a known, empty record. Everything is deterministic and relative to
today: the same install seeded on the same day looks the same. The history is written through
the same services the screens use (scores, alerts, audit), never by hand where a service
exists, so what the demo shows is what the product would have shown.

Trajectories: Alex improves, Taylor gets worse (a rising-score flag), Riley stopped checking in
three weeks ago, Casey has an open item-9 alert from yesterday, Quinn had one three weeks ago
that Dr. Chen closed with a note, Jordan (15) is steady and has a guardian.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select, update

from portal_app.models import (
    AlertNotice,
    Appointment,
    Clinic,
    DoseLog,
    Patient,
    ProxyGrant,
    RiskAlert,
    Role,
    User,
)
from portal_app.services.access import Actor
from portal_app.services.care_team import care_team_inbox, messaging, risk_alerts
from portal_app.services.caregivers.proxy_policy import ALL
from portal_app.services.clinic.demo_seed import DEMO_CLINIC_SLUG, DEMO_PASSWORD, demo_id
from portal_app.services.identity.passwords import hash_password
from portal_app.services.measures import journal
from portal_app.services.medication import medicines, refills
from portal_app.services.plans import care_plan, safety_plan
from portal_app.services.records import shared_documents
from portal_app.services.visits import appointments, availability

ZONE = ZoneInfo("America/New_York")
WEEKS = 10
GUARDIAN = ("morgan.lee@example.org", "Morgan Lee")
HISTORY_SIGN_INS: tuple[tuple[str, str], ...] = (("Guardian (Jordan's parent)", GUARDIAN[0]),)

# PHQ-9 and GAD-7 totals every two weeks, oldest first (the last one is this week).
SCORES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "alex@example.org": ((17, 15, 13, 10, 8, 6), (14, 13, 11, 9, 7, 5)),
    "taylor@example.org": ((7, 8, 8, 10, 13, 18), (6, 6, 8, 9, 12, 15)),
    "riley@example.org": ((12, 11, 12), (9, 10, 9)),
    "casey@example.org": ((13, 14, 14, 15, 16), (10, 11, 11, 12, 13)),
    "quinn@example.org": ((16, 17, 15, 13, 12, 11), (12, 12, 11, 10, 9, 9)),
    "jordan@example.org": ((10, 9, 11, 10, 9, 10), (8, 8, 9, 8, 7, 8)),
}
# (mood 1-5 at the start, at the end), (worry 0-4 at the start, at the end), days before
# today of the last check-in, share of days checked in.
CHECK_INS: dict[str, tuple[tuple[int, int], tuple[int, int], int, float]] = {
    "alex@example.org": ((2, 4), (3, 1), 1, 0.85),
    "taylor@example.org": ((4, 2), (1, 3), 1, 0.7),
    "riley@example.org": ((3, 3), (2, 2), 21, 0.8),
    "casey@example.org": ((3, 2), (2, 3), 1, 0.6),
    "quinn@example.org": ((2, 3), (3, 2), 2, 0.75),
    "jordan@example.org": ((3, 3), (2, 2), 1, 0.5),
}
QUINN_ALERT = 3  # which of Quinn's PHQ-9s had item 9 above 0
NOTES = (
    "Walked to the park after work.",
    "Slept badly. Work was a lot.",
    "Called my sister. Felt a bit better.",
    "",
    "",
    "Hard morning, better evening.",
)


class DemoSeedError(RuntimeError):
    """A step of the history was refused: the demo would be half-made, so stop."""


def _done(problem: object) -> None:
    """Fail loudly on a refused step (never `assert`: python -O drops asserts, and with them
    the calls inside them)."""
    if problem:
        raise DemoSeedError(str(problem))


def _rng(key: str) -> random.Random:
    """The same made-up choices on every install: seeded by name."""
    return random.Random(key)  # noqa: S311 - demo data, nothing secret


def _jitter(rng: random.Random, value: int, low: int, high: int) -> int:
    return max(low, min(high, value + rng.choice((-1, 0, 0, 1))))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local clock time on a day, in UTC (how everything is stored)."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


def _actor(db: Session, email: str) -> Actor:
    user = db.get(User, demo_id("user", email))
    assert user is not None
    return Actor(user.id, Role(user.role), user.clinic_id)


def _spread(total: int, items: int, rng: random.Random, *, last: int = 0) -> list[int]:
    """Answers (0-3 each) that add up to `total`, with the last item fixed to `last`."""
    answers = [0] * (items - 1)
    left = max(0, total - last)
    while left > 0:
        spot = rng.randrange(items - 1)
        if answers[spot] < 3:
            answers[spot] += 1
            left -= 1
    return [*answers, last]


def _between(start: int, end: int, step: int, steps: int) -> int:
    return round(start + (end - start) * step / max(1, steps - 1))


def _days(today: date) -> Iterator[tuple[int, date]]:
    for step, days_ago in enumerate(range(WEEKS * 7, 0, -1)):
        yield step, today - timedelta(days=days_ago)


def seed_history(db: Session, today: date) -> bool:
    """Add the history once (after `seed_demo`); False when it is already there."""
    clinic = db.exec(select(Clinic).where(Clinic.slug == DEMO_CLINIC_SLUG)).one()
    if db.get(User, demo_id("user", GUARDIAN[0])) is not None:
        return False
    _longer_in_care(db, today)
    _add_hours(db)
    for email in SCORES:
        _add_check_ins(db, email, today)
        _add_questionnaires(db, email, today)
    _close_quinns_alert(db, today)
    _add_visits(db, clinic, today)
    _add_doses_and_refill(db, today)
    _add_plans_and_papers(db, today)
    _add_messages(db, today)
    _add_guardian(db, clinic, today)
    _add_caregiver_activity(db, today)
    return True


def _longer_in_care(db: Session, today: date) -> None:
    """The patients joined before the history starts."""
    joined = datetime.combine(today - timedelta(weeks=WEEKS + 1), time(9), UTC)
    for email in SCORES:
        user, patient = (
            db.get(User, demo_id("user", email)),
            db.get(Patient, demo_id("patient", email)),
        )
        assert user is not None and patient is not None
        user.created_at = patient.created_at = joined
        db.add(user)
        db.add(patient)
    db.flush()


def _add_hours(db: Session) -> None:
    """Weekly open hours for both clinicians, in person and by video."""
    for email, weekday, starts, ends, kind, place in (
        ("dr.rivera@example.org", 0, "09:00", "12:00", "in_person", "Room 2, 14 River St"),
        ("dr.rivera@example.org", 2, "13:00", "17:00", "in_person", "Room 2, 14 River St"),
        ("dr.rivera@example.org", 3, "09:00", "12:00", "video", "https://meet.example.org/rivera"),
        ("dr.chen@example.org", 1, "10:00", "15:00", "in_person", "Room 4, 14 River St"),
        ("dr.chen@example.org", 4, "09:00", "12:00", "video", "https://meet.example.org/chen"),
    ):
        problem = availability.add_rule(
            db,
            _actor(db, email),
            weekday=weekday,
            starts=starts,
            ends=ends,
            minutes=50,
            kind=kind,
            location=place,
            gap=10,
        )
        _done(problem)


def _add_check_ins(db: Session, email: str, today: date) -> None:
    (mood_from, mood_to), (worry_from, worry_to), last, share = CHECK_INS[email]
    rng = _rng(f"check-ins:{email}")
    me = _actor(db, email)
    steps = WEEKS * 7
    for step, day in _days(today):
        if (today - day).days < last or rng.random() > share:
            continue
        at = _at(day, 20, rng.randrange(0, 50))
        entry = {
            "kind": "check_in",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{email}:{day}")),
            "recorded_at": at.isoformat(),
            "mood": _jitter(rng, _between(mood_from, mood_to, step, steps), 1, 5),
            "anxiety": _jitter(rng, _between(worry_from, worry_to, step, steps), 0, 4),
            "sleep_hours": rng.choice((5.5, 6, 6.5, 7, 7.5, 8)),
            "note": rng.choice(NOTES),
        }
        result = journal.sync(db, me, [entry], now=at + timedelta(minutes=1))
        _done(result.rejected)


def _questionnaire_days(email: str, today: date) -> list[date]:
    count = len(SCORES[email][0])
    first = today - timedelta(weeks=WEEKS)
    days = [first + timedelta(weeks=2 * n) for n in range(count)]
    if email == "casey@example.org":  # the last one, with item 9, was yesterday
        days[-1] = today - timedelta(days=1)
    return [min(d, today - timedelta(days=1)) for d in days]


def _item_9(email: str, number: int, count: int) -> int:
    if email == "casey@example.org" and number == count - 1:
        return 2  # "More than half the days": an open alert
    if email == "quinn@example.org" and number == QUINN_ALERT:
        return 1  # "Several days", three weeks ago: closed by Dr. Chen below
    return 0


def _add_questionnaires(db: Session, email: str, today: date) -> None:
    phq9, gad7 = SCORES[email]
    rng = _rng(f"answers:{email}")
    me = _actor(db, email)
    days = _questionnaire_days(email, today)
    if email == "quinn@example.org":
        days[QUINN_ALERT] = today - timedelta(days=21)
    for number, (day, phq, gad) in enumerate(zip(days, phq9, gad7, strict=True)):
        at = _at(day, 18, 30)
        entries = [
            _answers("phq9", _spread(phq, 9, rng, last=_item_9(email, number, len(phq9))), at),
            _answers(
                "gad7", _spread(gad, 7, rng, last=rng.randrange(2)), at + timedelta(minutes=4)
            ),
        ]
        result = journal.sync(db, me, entries, now=at + timedelta(minutes=5))
        _done(result.rejected)


def _answers(instrument: str, answers: list[int], at: datetime) -> dict[str, object]:
    return {
        "kind": "questionnaire",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{instrument}:{at.isoformat()}:{answers}")),
        "recorded_at": at.isoformat(),
        "instrument": instrument,
        "answers": answers,
        "submitted": True,
    }


def _close_quinns_alert(db: Session, today: date) -> None:
    """Dr. Chen called Quinn within the hour; the notices went out at the time."""
    quinn = demo_id("patient", "quinn@example.org")
    alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == quinn)).one()
    note = (
        "Called Quinn the same hour. Safe at home with family, no plan. We went over the "
        "safety plan together. Weekly visits for now."
    )
    chen, called = _actor(db, "dr.chen@example.org"), alert.opened_at + timedelta(minutes=42)
    problem = risk_alerts.acknowledge(db, chen, alert.id, note, now=called)
    _done(problem)
    db.exec(
        update(AlertNotice)
        .where(col(AlertNotice.alert_id) == alert.id)
        .values(status="emailed", emailed_at=alert.opened_at + timedelta(minutes=1))
    )


def _add_visits(db: Session, clinic: Clinic, today: date) -> None:
    """Past visits every two weeks (one missed), and upcoming ones booked the usual way."""
    for email, clinician, hour, missed in (
        ("alex@example.org", "dr.rivera@example.org", 10, None),
        ("taylor@example.org", "dr.rivera@example.org", 14, None),
        ("jordan@example.org", "dr.rivera@example.org", 15, None),
        ("casey@example.org", "dr.chen@example.org", 11, None),
        ("riley@example.org", "dr.chen@example.org", 13, 1),
        ("quinn@example.org", "dr.chen@example.org", 10, None),
    ):
        for n, weeks_ago in enumerate(range(WEEKS, 0, -2)):
            day = today - timedelta(weeks=weeks_ago)
            day -= timedelta(days=day.weekday() - 1) if day.weekday() > 1 else timedelta(0)
            starts = _at(day, hour)
            db.add(
                Appointment(
                    id=demo_id("visit", f"{email}:{weeks_ago}"),
                    patient_id=demo_id("patient", email),
                    clinician_id=demo_id("user", clinician),
                    clinic_id=clinic.id,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=50),
                    location="14 River St",
                    status="missed" if n == missed else "completed",
                    created_by=demo_id("user", email),
                    created_at=starts - timedelta(days=12),
                )
            )
    db.flush()
    now = datetime.combine(today, time(8), tzinfo=ZONE).astimezone(UTC)
    for email, clinician, skip in (
        ("alex@example.org", "dr.rivera@example.org", 2),
        ("taylor@example.org", "dr.rivera@example.org", 0),
        ("casey@example.org", "dr.chen@example.org", 0),
    ):
        open_slots = availability.open_slots(db, demo_id("user", clinician), now=now)
        slot = open_slots[skip * 3]
        booked = appointments.book(
            db,
            _actor(db, email),
            demo_id("user", clinician),
            slot.starts_at,
            now=now,
            reason="Regular visit",
        )
        _done(booked.problem or (booked.appointment is None and "not booked"))


def _add_doses_and_refill(db: Session, today: date) -> None:
    """Alex's morning medicine over the last month (most days taken, some late or missed),
    two doses Sam logged, and a refill waiting for Dr. Rivera."""
    rng = _rng("doses:alex")
    sertraline = demo_id("medicine", "alex-sertraline")
    alex = demo_id("patient", "alex@example.org")
    for days_ago in range(7, 30):
        roll = rng.random()
        if roll > 0.9:
            continue  # missed
        dose_time = _at(today - timedelta(days=days_ago), 8)
        late = roll > 0.8
        db.add(
            DoseLog(
                medicine_id=sertraline,
                patient_id=alex,
                scheduled_for=dose_time,
                status="late" if late else "taken",
                recorded_at=dose_time
                + timedelta(hours=2 if late else 0, minutes=rng.randrange(20)),
                recorded_by=demo_id("user", "alex@example.org"),
                source="home",
            )
        )
    sam = replace(_actor(db, "sam@example.org"), helping=alex)
    when = _at(today - timedelta(days=3), 21)
    medicines.log_dose(
        db, sam, demo_id("medicine", "alex-hydroxyzine"), None, "taken", source="home", now=when
    )
    refills.request_refill(
        db, _actor(db, "alex@example.org"), sertraline, now=_at(today - timedelta(days=1), 9)
    )


def _add_plans_and_papers(db: Session, today: date) -> None:
    rivera = _actor(db, "dr.rivera@example.org")
    alex = demo_id("patient", "alex@example.org")
    first = _at(today - timedelta(weeks=WEEKS), 11)
    _done(
        care_plan.save_plan(
            db,
            rivera,
            alex,
            [
                (
                    "Feel less low on most days",
                    "Walk 15 minutes each morning\nCheck in each evening",
                ),
                ("Sleep about 7 hours", "Same bedtime each night\nNo phone in bed after 10 pm"),
                ("Get back to seeing friends", "One plan with a friend each week"),
            ],
            now=first,
        )
    )
    me = _actor(db, "alex@example.org")
    _done(
        safety_plan.save_plan(
            db,
            me,
            None,
            {
                "warning_signs": "I stop answering texts\nI stay in bed past noon",
                "coping": "Walk around the block\nShower and put on music",
                "distractions": "Coffee shop on Main St\nMy cousin Jamie (555) 010-0155",
                "people": "Sam (555) 010-0177",
                "professionals": "Dr. Rivera (555) 010-0100\nCrisis line 988",
                "environment": "Keep extra pills at Sam's place",
                "reasons": "My dog Biscuit\nMy nephew's graduation",
            },
            now=first + timedelta(days=2),
        )
    )
    visit = _at(today - timedelta(weeks=2), 10)
    _done(
        shared_documents.share_summary(
            db,
            rivera,
            alex,
            "Visit two weeks ago",
            "Your mood scores are going down, which is good. Keep the morning walks. We will "
            "keep Sertraline at 50 mg and meet again in two weeks.",
            visit_on=visit,
            now=visit + timedelta(hours=3),
        )
    )


def _add_messages(db: Session, today: date) -> None:
    """Threads both ways: one answered, one waiting, one handed to a colleague."""
    alex, rivera, chen = (
        _actor(db, e) for e in ("alex@example.org", "dr.rivera@example.org", "dr.chen@example.org")
    )
    taylor = _actor(db, "taylor@example.org")
    alex_id = demo_id("patient", "alex@example.org")
    start = _at(today - timedelta(days=9), 16)
    thread = messaging.start_thread(
        db,
        rivera,
        alex_id,
        "Your plan for the next weeks",
        "Hi Alex, I added your plan to the portal. Tell me if a step feels too big.",
        now=start,
    )
    messaging.reply(
        db,
        alex,
        thread.id,
        "Thanks. The walks are fine. Friends feel hard.",
        now=start + timedelta(hours=5),
    )
    messaging.reply(
        db,
        rivera,
        thread.id,
        "That makes sense. Start with one short coffee. More next time.",
        now=start + timedelta(days=1),
    )
    messaging.open_thread(db, alex, thread.id, now=start + timedelta(days=1, hours=2))
    asked = _at(today - timedelta(days=1), 19)
    question = messaging.start_thread(
        db,
        alex,
        None,
        "Sleep on the new medicine",
        "I wake up at 4 am most nights since the dose went up. Is that normal?",
        now=asked,
    )
    messaging.open_thread(db, rivera, question.id, now=asked + timedelta(hours=13))
    _done(
        care_team_inbox.hand_to(
            db,
            rivera,
            question.id,
            chen.user_id,
            "Dr. Chen knows this medicine well. Over to you.",
            now=asked + timedelta(hours=13, minutes=5),
        )
    )
    hard = _at(today - timedelta(days=1), 22)
    messaging.start_thread(
        db,
        taylor,
        None,
        "Hard week",
        "This week was hard. I am not sleeping. Can we talk sooner?",
        now=hard,
    )


def _add_guardian(db: Session, clinic: Clinic, today: date) -> None:
    """Jordan's parent, linked by the clinic; the age rules keep Jordan's private parts private."""
    email, name = GUARDIAN
    joined = datetime.combine(today - timedelta(weeks=WEEKS), time(9), UTC)
    db.add(
        User(
            id=demo_id("user", email),
            email=email,
            display_name=name,
            role=Role.CAREGIVER,
            clinic_id=clinic.id,
            created_at=joined,
            password_hash=hash_password(DEMO_PASSWORD),
        )
    )
    db.flush()
    db.add(
        ProxyGrant(
            id=demo_id("grant", "morgan-jordan"),
            patient_id=demo_id("patient", "jordan@example.org"),
            caregiver_id=demo_id("user", email),
            kind="guardian",
            relationship="Parent",
            permissions=list(ALL),
            status="active",
            created_by=demo_id("user", "dr.rivera@example.org"),
            created_at=joined,
            accepted_at=joined + timedelta(hours=3),
        )
    )


def _add_caregiver_activity(db: Session, today: date) -> None:
    """Sam looked at Alex's medicines and visits a few times (Alex sees this in the log)."""
    alex = demo_id("patient", "alex@example.org")
    sam = replace(_actor(db, "sam@example.org"), helping=alex)
    for days_ago in (6, 3, 1):
        at = _at(today - timedelta(days=days_ago), 19)
        medicines.medicines_of(db, sam, alex, now=at)
        appointments.visits_of(db, sam, alex, now=at + timedelta(minutes=2))
