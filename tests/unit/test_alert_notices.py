"""A risk alert reaches a person without anyone looking (found: item 9 answered, 0 of 73
emails and no push went to any clinician, and escalation only added a label).

Real database, real HTTP to a push service on loopback, real encryption: each staff push is
decrypted with the device's own key and must be neutral; emails land in the outbox."""

from __future__ import annotations

import email
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal_app.models import (
    AlertNotice,
    AuditEvent,
    CareTeamMembership,
    Clinic,
    PushSubscription,
    RiskAlert,
)
from portal_app.services.care_team.alert_notices import AlertNotifier, clinic_is_open
from portal_app.services.care_team.risk_alerts import acknowledge, escalate_overdue
from portal_app.services.common.mail import deliverer
from portal_app.services.measures.journal import sync
from portal_app.services.medication.push import PushSender
from tests.factories import answers_entry, make_care_team_patient
from tests.push_service import PushDevice
from tests.run_async import run_async
from tests.unit.test_dispatch import (
    CLINIC,
    RIVERA,
    dispatch_database,
    session_factory,
)
from tests.unit.test_risk_alerts import CHEN

THURSDAY_10AM = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # New York: clinic open
SATURDAY_NIGHT = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)  # New York: Saturday 22:00
PRIVATE = ("Rae", "Quillon", "item", "PHQ", "hurt", "suicid", "self-harm")


@pytest.fixture
def engine(fresh_engine):
    return dispatch_database(fresh_engine)


def notifier(engine, vapid, tmp_path: Path) -> AlertNotifier:
    return AlertNotifier(
        sessions=session_factory(engine),
        sender=PushSender(vapid, "mailto:ops@clinic.example", first_wait=0.05),
        origin="https://portal.clinic.example",
        deliver_email=deliverer(smtp_url=None, outbox=tmp_path / "outbox"),
        worker="w1",
    )


def give_device(engine, user_id: uuid.UUID, device: PushDevice) -> None:
    with session_factory(engine)() as db:
        db.add(
            PushSubscription(
                user_id=user_id, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
            )
        )


def answer_item_9(engine, at: datetime, *, team=(RIVERA.user_id, CHEN.user_id)) -> uuid.UUID:
    """Rae answers PHQ-9 with item 9 'more than half the days': the alert opens."""
    with session_factory(engine)() as db:
        me, patient = make_care_team_patient(
            db, f"rae.{uuid.uuid4().hex[:6]}@example.org", "Rae Quillon", team[0]
        )
        for other in team[1:]:
            db.add(CareTeamMembership(patient_id=patient.id, clinician_id=other))
        db.flush()
        assert sync(db, me, [answers_entry("phq9", [1] * 8 + [2], at)], now=at).alerts == 1
        return db.exec(select(RiskAlert.id).where(RiskAlert.patient_id == patient.id)).one()


def emails_to(tmp_path: Path, address: str) -> list[email.message.Message]:
    found = []
    for path in sorted((tmp_path / "outbox").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        if message["To"] == address:
            found.append(message)
    return found


def actions_about(engine, alert_id: uuid.UUID) -> list[tuple[str, uuid.UUID | None]]:
    with Session(engine) as db:
        alert = db.get(RiskAlert, alert_id)
        events = db.exec(
            select(AuditEvent)
            .where(AuditEvent.patient_id == alert.patient_id)
            .order_by(AuditEvent.seq)
        ).all()
        return [(e.action, e.actor_id) for e in events if e.action.startswith("risk_alert.")]


def test_a_new_alert_reaches_each_clinician_on_the_team_by_push_and_email(
    engine, vapid, service, tmp_path
) -> None:
    phone, gone = service.device("ok"), service.device("gone")
    give_device(engine, RIVERA.user_id, phone)
    give_device(engine, RIVERA.user_id, gone)
    alert_id = answer_item_9(engine, THURSDAY_10AM)

    assert run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM)) >= 2
    (received,) = service.for_device(phone)
    payload = phone.decrypt(received.body)
    assert (payload["title"], payload["body"], payload["url"]) == (
        "Steady",
        "A patient needs a look. Open the alerts page.",
        "/alerts",
    )
    assert received.headers["urgency"] == "high"
    for person in ("dr.rivera@example.org", "dr.chen@example.org"):
        (mail,) = emails_to(tmp_path, person)
        words = mail["Subject"] + mail.get_payload()
        assert "https://portal.clinic.example/alerts" in words
        assert not any(w.lower() in (words + str(payload)).lower() for w in PRIVATE)
    with Session(engine) as db:
        notices = db.exec(select(AlertNotice).where(AlertNotice.alert_id == alert_id)).all()
        assert sorted((n.why, n.status, n.devices_reached) for n in notices) == [
            ("new", "emailed", 0),  # Dr. Chen: no device, so email only
            ("new", "sent", 1),
        ]
        assert (
            db.exec(
                select(PushSubscription).where(PushSubscription.endpoint == gone.endpoint)
            ).first()
            is None
        )
    opened, *told = actions_about(engine, alert_id)
    assert opened == ("risk_alert.opened", None)
    assert sorted(told, key=str) == sorted(
        [("risk_alert.told_push", RIVERA.user_id), ("risk_alert.told_email", CHEN.user_id)],
        key=str,
    )
    # Each person is told once: the next rounds find nothing.
    assert run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM)) == 0
    assert len(service.for_device(phone)) == 1


def set_on_call(engine, user_id: uuid.UUID | None, after_hours: str = "") -> None:
    with session_factory(engine)() as db:
        clinic = db.get(Clinic, CLINIC)
        clinic.on_call_clinician_id, clinic.after_hours_email = user_id, after_hours
        db.add(clinic)


def test_an_alert_while_the_clinic_is_closed_also_goes_to_on_call_at_once(
    engine, vapid, service, tmp_path
) -> None:
    with Session(engine) as db:
        assert not clinic_is_open(db.get(Clinic, CLINIC), SATURDAY_NIGHT)
        assert clinic_is_open(db.get(Clinic, CLINIC), THURSDAY_10AM)
    on_call_phone = service.device("ok")
    give_device(engine, CHEN.user_id, on_call_phone)
    set_on_call(engine, CHEN.user_id, "answering-service@clinic.example")
    alert_id = answer_item_9(engine, SATURDAY_NIGHT, team=(RIVERA.user_id,))
    run_async(notifier(engine, vapid, tmp_path).run_once(SATURDAY_NIGHT))

    assert len(service.for_device(on_call_phone)) == 1
    (mail,) = emails_to(tmp_path, "answering-service@clinic.example")
    assert "closed" in mail.get_payload() and "Rae" not in mail.get_payload()
    with Session(engine) as db:
        whys = sorted(
            (n.why, n.email)
            for n in db.exec(select(AlertNotice).where(AlertNotice.alert_id == alert_id))
        )
    assert whys == [
        ("after_hours", "answering-service@clinic.example"),
        ("after_hours", "dr.chen@example.org"),
        ("new", "dr.rivera@example.org"),
    ]


def test_an_unanswered_alert_is_escalated_to_the_on_call_clinician_once(
    engine, vapid, service, tmp_path
) -> None:
    on_call_phone = service.device("ok")
    give_device(engine, CHEN.user_id, on_call_phone)
    set_on_call(engine, CHEN.user_id)
    alert_id = answer_item_9(engine, THURSDAY_10AM, team=(RIVERA.user_id,))
    run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM))
    assert service.for_device(on_call_phone) == []  # in hours: the care team first

    later = THURSDAY_10AM + timedelta(minutes=61)
    with session_factory(engine)() as db:
        assert escalate_overdue(db, now=later) >= 1
    with session_factory(engine)() as db:
        assert escalate_overdue(db, now=later + timedelta(minutes=5)) == 0
    run_async(notifier(engine, vapid, tmp_path).run_once(later))

    (received,) = service.for_device(on_call_phone)
    assert on_call_phone.decrypt(received.body)["url"] == "/alerts"
    (mail,) = emails_to(tmp_path, "dr.chen@example.org")
    assert "60 minutes" in mail.get_payload() and "on call" in mail.get_payload()
    steps = [action for action, _ in actions_about(engine, alert_id)]
    assert steps[0] == "risk_alert.opened" and steps[-2:] == [
        "risk_alert.escalated",
        "risk_alert.told_push",
    ]


def test_an_alert_answered_before_its_notice_goes_out_wakes_nobody(
    engine, vapid, service, tmp_path
) -> None:
    phone = service.device("ok")
    give_device(engine, RIVERA.user_id, phone)
    alert_id = answer_item_9(engine, THURSDAY_10AM, team=(RIVERA.user_id,))
    with session_factory(engine)() as db:
        assert acknowledge(db, RIVERA, alert_id, "Called, safe.", now=THURSDAY_10AM) == ""
    run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM))
    assert service.for_device(phone) == []
    assert emails_to(tmp_path, "dr.rivera@example.org") == []
    with Session(engine) as db:
        (notice,) = db.exec(select(AlertNotice).where(AlertNotice.alert_id == alert_id)).all()
        assert notice.status == "closed"


def test_with_nobody_on_call_an_escalation_tells_the_care_team_again(
    engine, vapid, service, tmp_path
) -> None:
    phone = service.device("ok")
    give_device(engine, RIVERA.user_id, phone)
    set_on_call(engine, None)
    alert_id = answer_item_9(engine, THURSDAY_10AM, team=(RIVERA.user_id,))
    run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM))
    assert len(service.for_device(phone)) == 1
    later = THURSDAY_10AM + timedelta(minutes=61)
    with session_factory(engine)() as db:
        assert escalate_overdue(db, now=later) >= 1
    run_async(notifier(engine, vapid, tmp_path).run_once(later))
    assert len(service.for_device(phone)) == 2
    with Session(engine) as db:
        whys = sorted(
            n.why for n in db.exec(select(AlertNotice).where(AlertNotice.alert_id == alert_id))
        )
    assert whys == ["escalated", "new"]
