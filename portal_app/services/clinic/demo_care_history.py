"""The care side of the demo history: visits, doses and a refill, plans and papers, messages
with the care team, and Jordan's guardian. See demo_history.py for the people's stories."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from portal_app.models import (
    Appointment,
    Clinic,
    DoseLog,
    GrantKind,
    GrantStatus,
    ProxyGrant,
    Role,
    User,
    VisitStatus,
)
from portal_app.services.care_team import care_team_inbox, messaging
from portal_app.services.caregivers.proxy_policy import ALL
from portal_app.services.clinic.demo_days import (
    GUARDIAN,
    WEEKS,
    ZONE,
    actor_of,
    check,
    local_at,
    seeded,
)
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.identity.passwords import hash_password
from portal_app.services.medication import medicines, refills
from portal_app.services.plans import care_plan, safety_plan
from portal_app.services.records import shared_documents
from portal_app.services.visits import appointments, availability


def add_visits(db: Session, clinic: Clinic, today: date) -> None:
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
            starts = local_at(day, hour)
            db.add(
                Appointment(
                    id=demo_id("visit", f"{email}:{weeks_ago}"),
                    patient_id=demo_id("patient", email),
                    clinician_id=demo_id("user", clinician),
                    clinic_id=clinic.id,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=50),
                    location="14 River St",
                    status=VisitStatus.MISSED if n == missed else VisitStatus.COMPLETED,
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
            actor_of(db, email),
            demo_id("user", clinician),
            slot.starts_at,
            now=now,
            reason="Regular visit",
        )
        check(booked.problem or (booked.appointment is None and "not booked"))


def add_doses_and_refill(db: Session, today: date) -> None:
    """Alex's morning medicine over the last month (most days taken, some late or missed),
    two doses Sam logged, and a refill waiting for Dr. Rivera."""
    rng = seeded("doses:alex")
    sertraline = demo_id("medicine", "alex-sertraline")
    alex = demo_id("patient", "alex@example.org")
    for days_ago in range(7, 30):
        roll = rng.random()
        if roll > 0.9:
            continue  # missed
        dose_time = local_at(today - timedelta(days=days_ago), 8)
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
    sam = replace(actor_of(db, "sam@example.org"), helping=alex)
    when = local_at(today - timedelta(days=3), 21)
    medicines.log_dose(
        db, sam, demo_id("medicine", "alex-hydroxyzine"), None, "taken", source="home", now=when
    )
    refills.request_refill(
        db, actor_of(db, "alex@example.org"), sertraline, now=local_at(today - timedelta(days=1), 9)
    )


def add_plans_and_papers(db: Session, today: date) -> None:
    rivera = actor_of(db, "dr.rivera@example.org")
    alex = demo_id("patient", "alex@example.org")
    first = local_at(today - timedelta(weeks=WEEKS), 11)
    check(
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
    me = actor_of(db, "alex@example.org")
    check(
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
    visit = local_at(today - timedelta(weeks=2), 10)
    check(
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


def add_messages(db: Session, today: date) -> None:
    """Threads both ways: one answered, one waiting, one handed to a colleague."""
    alex, rivera, chen = (
        actor_of(db, e)
        for e in ("alex@example.org", "dr.rivera@example.org", "dr.chen@example.org")
    )
    taylor = actor_of(db, "taylor@example.org")
    alex_id = demo_id("patient", "alex@example.org")
    start = local_at(today - timedelta(days=9), 16)
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
    asked = local_at(today - timedelta(days=1), 19)
    question = messaging.start_thread(
        db,
        alex,
        None,
        "Sleep on the new medicine",
        "I wake up at 4 am most nights since the dose went up. Is that normal?",
        now=asked,
    )
    messaging.open_thread(db, rivera, question.id, now=asked + timedelta(hours=13))
    check(
        care_team_inbox.hand_to(
            db,
            rivera,
            question.id,
            chen.user_id,
            "Dr. Chen knows this medicine well. Over to you.",
            now=asked + timedelta(hours=13, minutes=5),
        )
    )
    hard = local_at(today - timedelta(days=1), 22)
    messaging.start_thread(
        db,
        taylor,
        None,
        "Hard week",
        "This week was hard. I am not sleeping. Can we talk sooner?",
        now=hard,
    )


def add_guardian(db: Session, clinic: Clinic, today: date) -> None:
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
            kind=GrantKind.GUARDIAN,
            relationship="Parent",
            permissions=list(ALL),
            status=GrantStatus.ACTIVE,
            created_by=demo_id("user", "dr.rivera@example.org"),
            created_at=joined,
            accepted_at=joined + timedelta(hours=3),
        )
    )


def add_caregiver_activity(db: Session, today: date) -> None:
    """Sam looked at Alex's medicines and visits a few times (Alex sees this in the log)."""
    alex = demo_id("patient", "alex@example.org")
    sam = replace(actor_of(db, "sam@example.org"), helping=alex)
    for days_ago in (6, 3, 1):
        at = local_at(today - timedelta(days=days_ago), 19)
        medicines.medicines_of(db, sam, alex, now=at)
        appointments.visits_of(db, sam, alex, now=at + timedelta(minutes=2))
