"""Authorization through a raw websocket client: what any connected program could send.

Each person below connects with their own session cookie (or none) and calls the account
handlers directly, with their own and other people's ids, and with wrong argument types.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import socketio

from portal_app.db import session_scope
from portal_app.models import Clinic, Role, User
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, resolve_session, start_session
from tests.factories import make_clinician

ACCOUNT = "reflex___state____state.portal_app___state___account____account_state"
SIGN_IN = "reflex___state____state.portal_app___state___sign_in____sign_in_state"


class RawClient:
    """A Socket.IO client speaking Reflex's event protocol, nothing else."""

    def __init__(self, origin: str, cookie: str | None, tab_token: str | None = None) -> None:
        self.replies: list[dict] = []
        self.everything: list[dict] = []  # every reply since connecting
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("event", self._collect, namespace="/_event")
        headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
        self.client.connect(
            f"{origin}/_event?token={tab_token or uuid.uuid4()}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers=headers,
        )

    def _collect(self, reply: dict) -> None:
        with self.lock:
            self.replies.append(reply)
            self.everything.append(reply)

    def send(self, handler: str, **payload: object) -> None:
        """Send one event without waiting: the server handles a client's events in order, so
        a later `call` sees what this one did (refused calls get no reply to wait for)."""
        self.client.emit(
            "event",
            {
                "name": handler,
                "payload": payload,
                "router_data": {"pathname": "/account", "asPath": "/account"},
            },
            namespace="/_event",
        )

    def call(self, handler: str, **payload: object) -> tuple[dict, list[dict]]:
        """Send one event; return (merged delta of every substate, events sent back)."""
        with self.lock:
            self.replies.clear()
        self.client.emit(
            "event",
            {
                "name": handler,
                "payload": payload,
                "router_data": {"pathname": "/account", "asPath": "/account"},
            },
            namespace="/_event",
        )
        deadline = time.monotonic() + 2  # refused calls get no final reply
        while time.monotonic() < deadline:
            with self.lock:
                if any(r.get("final") for r in self.replies):
                    break
            time.sleep(0.05)
        delta: dict = {}
        events: list[dict] = []
        with self.lock:
            for reply in self.replies:
                for substate, values in reply.get("delta", {}).items():
                    delta.setdefault(substate, {}).update(values)
                events.extend(reply.get("events", []))
        return delta, events

    def hydrate(self, path: str = "/") -> list[dict]:
        """What a page load in this tab does first: ask for the whole state; every frame sent
        back, before any page handler runs."""
        with self.lock:
            self.replies.clear()
        self.client.emit(
            "event",
            {
                "name": "reflex___state____state.hydrate_and_load",
                "payload": {},
                "router_data": {"pathname": path, "asPath": path},
            },
            namespace="/_event",
        )
        time.sleep(1.5)  # the snapshot and anything that follows it
        with self.lock:
            return list(self.replies)

    def close(self) -> None:
        self.client.disconnect()


def new_session(email: str) -> tuple[str, uuid.UUID]:
    with session_scope() as db:
        token = start_session(db, demo_id("user", email), now=datetime.now(UTC))
        return token, resolve_session(db, token, now=datetime.now(UTC)).session_id


def still_signed_in(token: str) -> bool:
    with session_scope() as db:
        return resolve_session(db, token, now=datetime.now(UTC), touch=False) is not None


@pytest.fixture(scope="module")
def other_clinic_clinician() -> str:
    with session_scope() as db:
        clinic = Clinic(slug=f"other-{uuid.uuid4().hex[:6]}", name="Another Clinic")
        db.add(clinic)
        db.flush()
        user = User(
            email=f"dr.other.{uuid.uuid4().hex[:6]}@example.net",
            display_name="Dr Other",
            role=Role.CLINICIAN,
            clinic_id=clinic.id,
        )
        db.add(user)
        db.flush()
        return start_session(db, user.id, now=datetime.now(UTC))


def caregiver_without_grant() -> str:
    """A caregiver of the clinic who helps nobody (Sam, in the demo, helps Alex)."""
    with session_scope() as db:
        cal = make_clinician(
            db, f"cg.{uuid.uuid4().hex[:6]}@example.org", "Cal Nogrant", role=Role.CAREGIVER
        )
        return start_session(db, cal.user_id, now=datetime.now(UTC))


@pytest.fixture(params=["desktop"])
def device(request) -> str:  # one run is enough: no browser here
    return str(request.param)


PEOPLE = ["alex@example.org", "jordan@example.org", "dr.rivera@example.org", "admin@example.org"]


def test_anonymous_gets_nothing_but_the_way_to_sign_in(live_server) -> None:
    raw = RawClient(live_server.origin, None)
    delta, events = raw.call(f"{ACCOUNT}.load_account")
    raw.close()
    assert ACCOUNT not in delta
    assert any(e.get("name") == "_redirect" and e["payload"]["path"] == "/sign-in" for e in events)


@pytest.mark.parametrize("email", PEOPLE)
def test_each_person_sees_only_their_own_devices_and_log(live_server, email: str) -> None:
    token, session_id = new_session(email)
    _, others_session = new_session("casey@example.org")
    raw = RawClient(live_server.origin, token)
    delta, _ = raw.call(f"{ACCOUNT}.load_account")
    raw.close()
    account = delta[ACCOUNT]
    device_ids = {row["id"] for row in account["devices_rx_state_"]}
    assert str(session_id) in device_ids and str(others_session) not in device_ids
    assert account["is_patient_rx_state_"] is email.startswith(("alex", "jordan"))
    if not account["is_patient_rx_state_"]:
        assert account.get("looked_rx_state_", []) == []


def test_nobody_can_sign_out_someone_elses_device(live_server, other_clinic_clinician) -> None:
    victim_token, victim_session = new_session("alex@example.org")
    for attacker in ("jordan@example.org", "dr.rivera@example.org", "admin@example.org"):
        token, _ = new_session(attacker)
        raw = RawClient(live_server.origin, token)
        raw.call(f"{ACCOUNT}.sign_out_device", session_id=str(victim_session))
        raw.call(f"{ACCOUNT}.sign_out_everywhere_else")
        raw.close()
    raw = RawClient(live_server.origin, other_clinic_clinician)
    raw.call(f"{ACCOUNT}.sign_out_device", session_id=str(victim_session))
    raw.close()
    anonymous = RawClient(live_server.origin, None)
    anonymous.call(f"{ACCOUNT}.sign_out_device", session_id=str(victim_session))
    anonymous.close()
    assert still_signed_in(victim_token)


def test_wrong_types_and_made_up_setters_change_nothing(live_server) -> None:
    token, _ = new_session("jordan@example.org")
    raw = RawClient(live_server.origin, token)
    raw.call(f"{ACCOUNT}.sign_out_device", session_id=12345)
    raw.call(f"{ACCOUNT}.sign_out_device", session_id={"$ne": None})
    delta, _ = raw.call(f"{ACCOUNT}.setvar", var_name="is_patient", value=False)
    raw.close()
    assert still_signed_in(token)
    assert delta.get(ACCOUNT, {}).get("is_patient_rx_state_") is not False


def test_the_second_factor_step_cannot_be_skipped(live_server) -> None:
    raw = RawClient(live_server.origin, None)
    delta, events = raw.call(f"{SIGN_IN}.submit_code", form_data={"code": "123456"})
    _, finish_events = raw.call(f"{SIGN_IN}.finish_enrolment")
    raw.close()
    assert delta[SIGN_IN]["problem_rx_state_"] == "second.expired"
    assert not [e for e in events + finish_events if e.get("name") == "_redirect"]


VIEWER = "reflex___state____state.portal_app___state___viewer____viewer_state"


def test_signed_out_tab_keeps_nothing_of_the_last_person(live_server) -> None:
    """A shared phone: after the session ends, the tab's state no longer holds the data."""
    token, _ = new_session("alex@example.org")
    raw = RawClient(live_server.origin, token)
    loaded, _ = raw.call(f"{ACCOUNT}.load_account")
    assert loaded[ACCOUNT]["devices_rx_state_"]
    with session_scope() as db:
        from portal_app.services.identity.sessions import end_session

        end_session(db, token, now=datetime.now(UTC))
    delta, _ = raw.call(f"{VIEWER}.load_viewer")  # the next page load in that tab
    raw.close()
    assert delta[VIEWER]["signed_in_rx_state_"] is False
    assert delta[ACCOUNT]["devices_rx_state_"] == []


PEOPLE_STATE = "reflex___state____state.portal_app___state___admin_people____admin_people_state"
AUDIT_STATE = "reflex___state____state.portal_app___state___admin_audit____admin_audit_state"
SECURITY = "reflex___state____state.portal_app___state___account_security____account_security_state"


def invited(email: str) -> bool:
    from sqlmodel import select

    with session_scope() as db:
        return db.exec(select(User).where(User.email == email)).first() is not None


@pytest.mark.parametrize(
    "email", [None, "alex@example.org", "dr.rivera@example.org", "sam@example.org"]
)
def test_only_clinic_admins_invite_or_read_the_record_of_access(live_server, email) -> None:
    token = new_session(email)[0] if email else None
    raw = RawClient(live_server.origin, token)
    target = f"sneaky.{uuid.uuid4().hex[:6]}@example.org"
    form = {"display_name": "Sneaky", "email": target, "role": "clinic_admin"}
    people, _ = raw.call(f"{PEOPLE_STATE}.load_people")
    raw.call(f"{PEOPLE_STATE}.invite", form_data=form)
    audit_rows, _ = raw.call(f"{AUDIT_STATE}.search", form_data={"action": ""})
    raw.close()
    assert not invited(target)
    assert people.get(PEOPLE_STATE, {}).get("pending_rx_state_", []) == []
    assert audit_rows.get(AUDIT_STATE, {}).get("rows_rx_state_", []) == []


def test_an_admin_of_another_clinic_sees_none_of_ours(live_server) -> None:
    with session_scope() as db:
        clinic = Clinic(slug=f"far-{uuid.uuid4().hex[:6]}", name="Far Clinic")
        db.add(clinic)
        db.flush()
        admin = User(
            email=f"admin.{uuid.uuid4().hex[:6]}@example.net",
            display_name="Far Admin",
            role=Role.CLINIC_ADMIN,
            clinic_id=clinic.id,
        )
        db.add(admin)
        db.flush()
        token = start_session(db, admin.id, now=datetime.now(UTC))
    raw = RawClient(live_server.origin, token)
    people, _ = raw.call(f"{PEOPLE_STATE}.load_people")
    audit_rows, _ = raw.call(f"{AUDIT_STATE}.search", form_data={"person": "example.org"})
    raw.close()
    assert people[PEOPLE_STATE]["clinicians_rx_state_"] == []
    names = {row["who"] for row in audit_rows[AUDIT_STATE]["rows_rx_state_"]}
    assert names <= {"Far Admin"}  # only their own searches


def test_nobody_removes_someone_elses_passkey_or_sets_up_their_second_step(live_server) -> None:
    from portal_app.models import Passkey

    with session_scope() as db:
        passkey = Passkey(
            user_id=demo_id("user", "riley@example.org"),
            credential_id=f"test-{uuid.uuid4().hex}",
            public_key=b"not a real key",
            name="Riley's phone",
        )
        db.add(passkey)
        db.flush()
        passkey_id = passkey.id
    for attacker in ("alex@example.org", "dr.chen@example.org", "admin@example.org"):
        raw = RawClient(live_server.origin, new_session(attacker)[0])
        raw.call(f"{ACCOUNT}.remove_passkey", passkey_id=str(passkey_id))
        delta, _ = raw.call(f"{SECURITY}.confirm_second_step", form_data={"code": "000000"})
        raw.close()
        assert delta.get(SECURITY, {}).get("new_codes_rx_state_", []) == []
    with session_scope() as db:
        assert db.get(Passkey, passkey_id) is not None
        db.delete(db.get(Passkey, passkey_id))


ALERTS = "reflex___state____state.portal_app___state___alerts____alerts_state"
CHECK_IN = "reflex___state____state.portal_app___state___check_in____check_in_state"
QUESTIONS = "reflex___state____state.portal_app___state___questionnaire____questionnaire_state"


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


MEDICINES = "reflex___state____state.portal_app___state___medicines____medicines_state"
REMINDERS = "reflex___state____state.portal_app___state___reminders____reminders_state"


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


MESSAGES = "reflex___state____state.portal_app___state___messages____messages_state"
PANEL = "reflex___state____state.portal_app___state___care_panel____care_panel_state"
OVERVIEW = "reflex___state____state.portal_app___state___patient_overview____patient_overview_state"


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
