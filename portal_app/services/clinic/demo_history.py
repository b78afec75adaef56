"""Ten weeks of made-up history for the demo clinic, so a newcomer sees what the portal does.

`make run` seeds it after the demo people (`demo_seed`); the test suite's clinic has the people
only, so tests start from a known, empty record. Everything is deterministic and relative to
today: the same install seeded on the same day looks the same. The history is written through
the same services the screens use (scores, alerts, audit), never by hand where a service
exists, so what the demo shows is what the product would have shown.

Trajectories: Alex improves (PHQ-9, GAD-7 and a PCL-5 every two weeks), Taylor gets worse
(a rising-score flag, and a rising AUDIT), Riley stopped checking in
three weeks ago, Casey has an open item-9 alert from yesterday, Quinn had one three weeks ago
that Dr. Chen closed with a note, Jordan (15) is steady and has a guardian.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select, update

from portal_app.models import (
    AlertNotice,
    Clinic,
    Patient,
    RiskAlert,
    User,
)
from portal_app.services.care_team import risk_alerts
from portal_app.services.clinic.demo_care_history import (
    add_caregiver_activity,
    add_doses_and_refill,
    add_guardian,
    add_messages,
    add_plans_and_papers,
    add_visits,
)
from portal_app.services.clinic.demo_days import (
    GUARDIAN,
    WEEKS,
    actor_of,
    between,
    check,
    history_days,
    jitter,
    local_at,
    seeded,
    spread,
)
from portal_app.services.clinic.demo_groups import add_group
from portal_app.services.clinic.demo_intake import add_intake
from portal_app.services.clinic.demo_more_measures import add_more_measures
from portal_app.services.clinic.demo_seed import DEMO_CLINIC_SLUG, demo_id
from portal_app.services.measures import journal
from portal_app.services.visits import availability

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
    add_more_measures(db, today)
    add_intake(db, today)
    add_group(db, today)
    add_visits(db, clinic, today)
    add_doses_and_refill(db, today)
    add_plans_and_papers(db, today)
    add_messages(db, today)
    add_guardian(db, clinic, today)
    add_caregiver_activity(db, today)
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
            actor_of(db, email),
            weekday=weekday,
            starts=starts,
            ends=ends,
            minutes=50,
            kind=kind,
            location=place,
            gap=10,
        )
        check(problem)


def _add_check_ins(db: Session, email: str, today: date) -> None:
    (mood_from, mood_to), (worry_from, worry_to), last, share = CHECK_INS[email]
    rng = seeded(f"check-ins:{email}")
    me = actor_of(db, email)
    steps = WEEKS * 7
    for step, day in history_days(today):
        if (today - day).days < last or rng.random() > share:
            continue
        at = local_at(day, 20, rng.randrange(0, 50))
        entry = {
            "kind": "check_in",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{email}:{day}")),
            "recorded_at": at.isoformat(),
            "mood": jitter(rng, between(mood_from, mood_to, step, steps), 1, 5),
            "anxiety": jitter(rng, between(worry_from, worry_to, step, steps), 0, 4),
            "sleep_hours": rng.choice((5.5, 6, 6.5, 7, 7.5, 8)),
            "note": rng.choice(NOTES),
        }
        result = journal.sync(db, me, [entry], now=at + timedelta(minutes=1))
        check(result.rejected)


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
    rng = seeded(f"answers:{email}")
    me = actor_of(db, email)
    days = _questionnaire_days(email, today)
    if email == "quinn@example.org":
        days[QUINN_ALERT] = today - timedelta(days=21)
    for number, (day, phq, gad) in enumerate(zip(days, phq9, gad7, strict=True)):
        at = local_at(day, 18, 30)
        entries = [
            _answers("phq9", spread(phq, 9, rng, last=_item_9(email, number, len(phq9))), at),
            _answers("gad7", spread(gad, 7, rng, last=rng.randrange(2)), at + timedelta(minutes=4)),
        ]
        result = journal.sync(db, me, entries, now=at + timedelta(minutes=5))
        check(result.rejected)


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
    chen, called = actor_of(db, "dr.chen@example.org"), alert.opened_at + timedelta(minutes=42)
    problem = risk_alerts.acknowledge(db, chen, alert.id, note, now=called)
    check(problem)
    db.exec(
        update(AlertNotice)
        .where(col(AlertNotice.alert_id) == alert.id)
        .values(status="emailed", emailed_at=alert.opened_at + timedelta(minutes=1))
    )
