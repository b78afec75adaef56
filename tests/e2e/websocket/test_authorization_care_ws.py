"""Authorization through a raw websocket client, for the care parts: risk alerts, check-ins
and answers, medicines and devices, messages, the panel and patient pages. Each person calls
the handlers directly, with their own and other people's ids."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

from portal_app.db import session_scope
from portal_app.models import Role, User
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.raw_socket import (
    ALERTS,
    CHECK_IN,
    MEDICINES,
    MESSAGES,
    OVERVIEW,
    PANEL,
    QUESTIONS,
    REMINDERS,
    VIEWER,
    RawClient,
    caregiver_without_grant,
    new_session,
)


def alex_alert() -> uuid.UUID:
    """An open risk alert for Alex (care team: Dr. Rivera and Dr. Chen)."""
    from sqlmodel import select

    from portal_app.models import RiskAlert
    from portal_app.services.access import Actor
    from portal_app.services.measures.journal import sync

    response_id = uuid.uuid4()
    entry = {
        "kind": "questionnaire",
        "id": str(response_id),
        "recorded_at": datetime.now(UTC).isoformat(),
        "instrument": "phq9",
        "answers": [0] * 8 + [1],
        "submitted": True,
    }
    with session_scope() as db:
        alex = db.get(User, demo_id("user", "alex@example.org"))
        sync(db, Actor(alex.id, Role.PATIENT, alex.clinic_id), [entry], now=datetime.now(UTC))
        return db.exec(select(RiskAlert.id).where(RiskAlert.response_id == response_id)).one()


def alert_is_open(alert_id: uuid.UUID) -> bool:
    from portal_app.models import RiskAlert

    with session_scope() as db:
        return db.get(RiskAlert, alert_id).acknowledged_at is None


def test_risk_alerts_are_seen_and_closed_only_by_the_patients_own_care_team(
    live_server, other_clinic_clinician
) -> None:
    alert_id = alex_alert()
    form = {"alert_id": str(alert_id), "note": "closing someone else's alert"}
    for token in (
        new_session("alex@example.org")[0],
        new_session("jordan@example.org")[0],
        new_session("admin@example.org")[0],
        other_clinic_clinician,
        None,
    ):
        raw = RawClient(live_server.origin, token)
        seen, _ = raw.call(f"{ALERTS}.load_alerts")
        raw.call(f"{ALERTS}.acknowledge", form_data=form)
        raw.close()
        assert str(alert_id) not in str(seen.get(ALERTS, {}))
    assert alert_is_open(alert_id)
    raw = RawClient(live_server.origin, new_session("dr.rivera@example.org")[0])
    seen, _ = raw.call(f"{ALERTS}.load_alerts")
    raw.call(f"{ALERTS}.acknowledge", form_data={**form, "note": "Called Alex; safe."})
    raw.close()
    assert str(alert_id) in str(seen[ALERTS]["alerts_rx_state_"])
    assert not alert_is_open(alert_id)


def test_staff_cannot_write_check_ins_or_answers_through_the_patient_handlers(live_server) -> None:
    from sqlmodel import func, select

    from portal_app.models import CheckIn

    with session_scope() as db:
        before = db.exec(select(func.count()).select_from(CheckIn)).one()
    for email in ("dr.rivera@example.org", "admin@example.org", "sam@example.org"):
        raw = RawClient(live_server.origin, new_session(email)[0])
        raw.call(f"{CHECK_IN}.load_check_in")
        raw.call(f"{CHECK_IN}.save", form_data={"mood": "3", "anxiety": "1"})
        raw.call(f"{QUESTIONS}.start", instrument_id="phq9")
        delta, _ = raw.call(f"{QUESTIONS}.choose", choice="3")
        raw.close()
        assert delta.get(QUESTIONS, {}).get("step_rx_state_") in (None, "pick")
    with session_scope() as db:
        assert db.exec(select(func.count()).select_from(CheckIn)).one() == before


def alex_refill_and_device() -> tuple[uuid.UUID, uuid.UUID]:
    """A refill request and a push device of Alex's, for others to try to touch."""
    from portal_app.models import PushSubscription
    from portal_app.services.access import Actor
    from portal_app.services.medication.refills import request_refill
    from tests.push_service import PushDevice

    alex = Actor(
        demo_id("user", "alex@example.org"), Role.PATIENT, demo_id("clinic", "steady-demo")
    )
    medicine = demo_id("medicine", "alex-sertraline")
    with session_scope() as db:
        request_refill(db, alex, medicine, now=datetime.now(UTC))
        from sqlmodel import select

        from portal_app.models import RefillRequest

        refill = db.exec(
            select(RefillRequest).where(
                RefillRequest.medicine_id == medicine, RefillRequest.status == "pending"
            )
        ).one()
        device = PushDevice(f"http://127.0.0.1:9/ok/{uuid.uuid4().hex}")
        row = PushSubscription(
            user_id=alex.user_id, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
        )
        db.add(row)
        db.flush()
        return refill.id, row.id


def test_medicines_doses_refills_and_devices_only_for_those_allowed(
    live_server, other_clinic_clinician
) -> None:
    from sqlmodel import select

    from portal_app.models import DoseLog, PushSubscription, RefillRequest

    refill_id, device_id = alex_refill_and_device()
    medicine = str(demo_id("medicine", "alex-sertraline"))
    alex_patient = str(demo_id("patient", "alex@example.org"))
    # Alex's real 08:00 New York dose today, so only the gate (never the schedule) refuses it.
    new_york = ZoneInfo("America/New_York")
    today = datetime.now(new_york).date()
    morning = datetime.combine(today, clock(8), tzinfo=new_york).astimezone(UTC).isoformat()
    for token in (
        new_session("jordan@example.org")[0],
        new_session("admin@example.org")[0],
        caregiver_without_grant(),
        other_clinic_clinician,
        None,
    ):
        raw = RawClient(live_server.origin, token)
        seen, _ = raw.call(f"{MEDICINES}.load_medicines")
        picked, _ = raw.call(f"{MEDICINES}.choose_patient", patient_id=alex_patient)
        raw.send(f"{MEDICINES}.log_dose", medicine_id=medicine, when=morning, status="taken")
        raw.send(f"{MEDICINES}.confirm_refill", medicine_id=medicine)
        raw.send(
            f"{MEDICINES}.decide_refill",
            form_data={"refill_id": str(refill_id), "decision": "approve", "note": ""},
        )
        raw.send(f"{MEDICINES}.stop_medicine", medicine_id=medicine)
        raw.send(f"{REMINDERS}.remove_device", device_id=str(device_id))
        raw.call(f"{MEDICINES}.load_medicines")  # after all of the above were handled
        raw.close()
        assert "Sertraline" not in str(seen) + str(picked)
    with session_scope() as db:
        assert db.get(RefillRequest, refill_id).status == "pending"
        assert db.get(PushSubscription, device_id) is not None
        logged_by_others = db.exec(
            select(DoseLog).where(
                DoseLog.medicine_id == uuid.UUID(medicine),
                DoseLog.recorded_by != demo_id("user", "alex@example.org"),
            )
        ).all()
        assert logged_by_others == []
        from portal_app.models import Medicine

        assert db.get(Medicine, uuid.UUID(medicine)).active
    # The care team does see it.
    raw = RawClient(live_server.origin, new_session("dr.rivera@example.org")[0])
    raw.call(f"{MEDICINES}.load_medicines")
    picked, _ = raw.call(f"{MEDICINES}.choose_patient", patient_id=alex_patient)
    raw.close()
    assert "Sertraline" in str(picked)


def alex_thread() -> uuid.UUID:
    """A conversation of Alex's with a word no one else may ever receive."""
    from portal_app.services.access import Actor
    from portal_app.services.care_team.messaging import start_thread

    alex = Actor(
        demo_id("user", "alex@example.org"), Role.PATIENT, demo_id("clinic", "steady-demo")
    )
    with session_scope() as db:
        thread = start_thread(
            db, alex, None, "Zebracorn worries", "Zebracorn details", now=datetime.now(UTC)
        )
        return thread.id


def test_messages_panel_and_patient_pages_only_for_those_allowed(
    live_server, other_clinic_clinician
) -> None:
    from portal_app.models import Message, ThreadNote

    thread_id = str(alex_thread())
    alex_patient = str(demo_id("patient", "alex@example.org"))
    for token in (
        new_session("jordan@example.org")[0],
        new_session("admin@example.org")[0],
        caregiver_without_grant(),
        other_clinic_clinician,
        None,
    ):
        raw = RawClient(live_server.origin, token)
        raw.send(f"{MESSAGES}.load_messages")
        raw.send(f"{MESSAGES}.open", thread_id=thread_id)
        raw.send(f"{MESSAGES}.show_thread", thread_id=thread_id)
        raw.send(f"{MESSAGES}.send", form_data={"body": "injected reply"})
        raw.send(f"{MESSAGES}.hand_off", form_data={"to": "", "note": "injected note"})
        raw.send(f"{PANEL}.load_panel")
        raw.send(f"{PANEL}.open_patient", patient_id=alex_patient)
        raw.send(f"{OVERVIEW}.load_overview")
        raw.call(f"{VIEWER}.load_viewer")  # answered after all of the above were handled
        raw.close()
        assert "Zebracorn" not in str(raw.everything)
        assert "Alex Morgan" not in str(raw.everything)
    with session_scope() as db:
        from sqlmodel import select

        bodies = db.exec(
            select(Message.body).where(Message.thread_id == uuid.UUID(thread_id))
        ).all()
        notes = db.exec(
            select(ThreadNote).where(ThreadNote.thread_id == uuid.UUID(thread_id))
        ).all()
    assert bodies == ["Zebracorn details"] and notes == []
    # Alex's care team does see it.
    raw = RawClient(live_server.origin, new_session("dr.chen@example.org")[0])
    raw.call(f"{MESSAGES}.load_messages")
    opened, _ = raw.call(f"{MESSAGES}.open", thread_id=thread_id)
    raw.close()
    assert "Zebracorn details" in str(opened)
