"""A support-group post held for safety reaches a person without anyone looking, like a risk
alert (found: a hold showed only on the group's page, so a crisis post at night waited for
the facilitator to happen to open it).

Real database, real HTTP to a push service on loopback, real encryption: each push is
decrypted with the device's own key and must be neutral; emails land in the outbox."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from portal_app.models import AlertNotice, AuditEvent, GroupSafetyAlert
from portal_app.services.access import NotFound
from portal_app.services.groups.groups import create_group
from portal_app.services.groups.membership import ask_to_join, decide, requests_for
from portal_app.services.groups.posts import post
from portal_app.services.groups.safety import (
    acknowledge_safety,
    escalate_overdue_holds,
    holds_for,
    holds_version,
)
from tests.factories import make_care_team_patient, make_clinician
from tests.run_async import run_async
from tests.unit.test_alert_notices import (
    SATURDAY_NIGHT,
    THURSDAY_10AM,
    emails_to,
    give_device,
    notifier,
    set_on_call,
)
from tests.unit.test_dispatch import RIVERA, dispatch_database, session_factory
from tests.unit.test_groups import GROUP
from tests.unit.test_risk_alerts import CHEN

CRISIS = "Tonight I want to kill myself"
# Nothing of the group, the post or the person may be in a push or an email.
PRIVATE = ("Tuesday", "recovery", "circle", "kill", "Tonight", "Sol", "Ana", "Lopez", "Rivera")


@pytest.fixture
def engine(fresh_engine):
    return dispatch_database(fresh_engine)


def crisis_post(engine, at) -> uuid.UUID:
    """Dr. Rivera runs a group; Ana (on her care team) joins as "Sol" and posts crisis words."""
    with session_factory(engine)() as db:
        group = create_group(db, RIVERA, GROUP, now=at)
        ana, _ = make_care_team_patient(db, "ana.hold@example.org", "Ana Lopez", RIVERA.user_id)
        assert ask_to_join(db, ana, group.id, "Sol", rules_accepted=True, now=at) is None
        (asked,) = requests_for(db, RIVERA, group.id)
        assert decide(db, RIVERA, asked.id, True, now=at) is None
        held = post(db, ana, group.id, CRISIS, now=at)
        assert (held.status, held.held_for) == ("held", "crisis")
        return db.exec(
            select(GroupSafetyAlert.id).where(GroupSafetyAlert.post_id == held.post_id)
        ).one()


def notices(engine, hold_id) -> list[tuple[str, str, str]]:
    with Session(engine) as db:
        rows = db.exec(select(AlertNotice).where(AlertNotice.safety_alert_id == hold_id)).all()
        return sorted((n.why, n.email, n.status) for n in rows)


def actions(engine, prefix: str = "group.safety") -> list[str]:
    with Session(engine) as db:
        events = db.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
        return [e.action for e in events if e.action.startswith(prefix)]


def test_a_held_post_reaches_its_facilitator_by_push_and_email_in_neutral_words(
    engine, vapid, service, tmp_path
) -> None:
    phone, other_phone = service.device("ok"), service.device("ok")
    give_device(engine, RIVERA.user_id, phone)
    give_device(engine, CHEN.user_id, other_phone)  # on call, but the clinic is open
    set_on_call(engine, CHEN.user_id)
    hold_id = crisis_post(engine, THURSDAY_10AM)

    assert run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM)) == 1
    (received,) = service.for_device(phone)
    payload = phone.decrypt(received.body)
    assert (payload["body"], payload["url"]) == (
        "A patient needs a look. Open the alerts page.",
        "/alerts",
    )
    assert received.headers["urgency"] == "high"
    (mail,) = emails_to(tmp_path, "dr.rivera@example.org")
    words = mail["Subject"] + mail.get_payload() + str(payload)
    assert "support group" in mail["Subject"] and "/alerts" in words
    assert not [w for w in PRIVATE if w.lower() in words.lower()]
    assert service.for_device(other_phone) == []
    assert notices(engine, hold_id) == [("new", "dr.rivera@example.org", "sent")]
    assert actions(engine) == ["group.safety_hold", "group.safety_told_push"]
    # On call is not told in clinic hours and reads nothing yet.
    with Session(engine) as db:
        assert holds_for(db, CHEN) == []
        with pytest.raises(NotFound):
            acknowledge_safety(db, CHEN, hold_id, "Looked.", now=THURSDAY_10AM)
        (hold,) = holds_for(db, RIVERA)
        assert (hold.display_name, hold.body, hold.facilitating) == ("Sol", CRISIS, True)
        assert hold.patient_id is not None  # she is on Ana's care team: she can reach her
    # Told once: the next round finds nothing.
    assert run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM)) == 0


def test_a_hold_at_night_goes_to_on_call_at_once_who_may_read_and_close_it(
    engine, vapid, service, tmp_path
) -> None:
    on_call_phone = service.device("ok")
    give_device(engine, CHEN.user_id, on_call_phone)
    set_on_call(engine, CHEN.user_id, "answering-service@clinic.example")
    hold_id = crisis_post(engine, SATURDAY_NIGHT)
    run_async(notifier(engine, vapid, tmp_path).run_once(SATURDAY_NIGHT))

    assert len(service.for_device(on_call_phone)) == 1
    (mail,) = emails_to(tmp_path, "answering-service@clinic.example")
    assert "closed" in mail.get_payload() and "on call" in mail.get_payload()
    assert not [w for w in PRIVATE if w.lower() in mail.get_payload().lower()]
    assert [why for why, _, _ in notices(engine, hold_id)] == ["after_hours", "after_hours", "new"]
    with session_factory(engine)() as db:
        before = holds_version(db, CHEN)
        (hold,) = holds_for(db, CHEN)
        # On call reads the post, but not the patient page of someone not in their care.
        assert (hold.body, hold.facilitating, hold.on_call, hold.patient_id) == (
            CRISIS,
            False,
            True,
            None,
        )
        assert (
            acknowledge_safety(db, CHEN, hold_id, "Called her; she is safe.", now=SATURDAY_NIGHT)
            is None
        )
    with Session(engine) as db:
        assert holds_for(db, RIVERA) == [] and holds_for(db, CHEN) == []
        assert holds_version(db, CHEN) != before
        other = make_clinician(db, "dr.other@example.org", "Dr. Other")
        with pytest.raises(NotFound):
            acknowledge_safety(db, RIVERA, hold_id, "Again.", now=SATURDAY_NIGHT)  # closed
        assert holds_for(db, other) == []


def test_a_hold_nobody_closes_in_time_is_escalated_to_on_call_once(
    engine, vapid, service, tmp_path
) -> None:
    on_call_phone = service.device("ok")
    give_device(engine, CHEN.user_id, on_call_phone)
    set_on_call(engine, CHEN.user_id)
    hold_id = crisis_post(engine, THURSDAY_10AM)
    run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM))
    with session_factory(engine)() as db:
        assert escalate_overdue_holds(db, now=THURSDAY_10AM + timedelta(minutes=59)) == 0
    later = THURSDAY_10AM + timedelta(minutes=61)
    with session_factory(engine)() as db:
        assert escalate_overdue_holds(db, now=later) == 1
    with session_factory(engine)() as db:
        assert escalate_overdue_holds(db, now=later + timedelta(minutes=5)) == 0
    run_async(notifier(engine, vapid, tmp_path).run_once(later))

    assert on_call_phone.decrypt(service.for_device(on_call_phone)[0].body)["url"] == "/alerts"
    (mail,) = emails_to(tmp_path, "dr.chen@example.org")
    assert "60 minutes" in mail.get_payload() and "on call" in mail.get_payload()
    assert actions(engine)[-2:] == ["group.safety_escalated", "group.safety_told_push"]
    with Session(engine) as db:
        (hold,) = holds_for(db, CHEN)
        assert hold.on_call and hold.alert_id == hold_id


def test_a_hold_closed_before_its_notice_goes_out_wakes_nobody(
    engine, vapid, service, tmp_path
) -> None:
    phone = service.device("ok")
    give_device(engine, RIVERA.user_id, phone)
    hold_id = crisis_post(engine, THURSDAY_10AM)
    with session_factory(engine)() as db:
        assert (
            acknowledge_safety(db, RIVERA, hold_id, "Saw it in the room.", now=THURSDAY_10AM)
            is None
        )
    run_async(notifier(engine, vapid, tmp_path).run_once(THURSDAY_10AM))
    assert service.for_device(phone) == []
    assert emails_to(tmp_path, "dr.rivera@example.org") == []
    assert notices(engine, hold_id) == [("new", "dr.rivera@example.org", "closed")]
