"""The Web Push routes over real HTTP: the public key, adding a device only for the person
signed in there (and only a push service's address), forgetting it at sign-out, and the
notification buttons acting with the reminder's own token."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from portal_app.db import get_engine
from portal_app.models import DoseLog, Medicine, PushSubscription, Reminder
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from portal_app.services.medication.push import create_vapid_keys
from portal_app.services.medication.reminders import action_token, remind_now
from portal_app.settings import get_settings
from tests.api.test_auth_routes import SAME_SITE
from tests.factories import make_care_team_patient
from tests.push_service import PushDevice
from tests.unit.test_medicines import RIVERA


def signed_in_patient():
    with Session(get_engine(), expire_on_commit=False) as db:
        me, patient = make_care_team_patient(
            db, f"push.{uuid.uuid4().hex[:8]}@example.org", "Pat Push", RIVERA.user_id
        )
        token = start_session(db, me.user_id, now=datetime.now(UTC))
        db.commit()
    return {**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={token}"}, me, patient


def device_json(host: str = "http://127.0.0.1:9/ok/x") -> dict:
    return PushDevice(f"{host}{uuid.uuid4().hex}").subscription()


def devices_of(user_id) -> list[PushSubscription]:
    with Session(get_engine()) as db:
        return list(db.exec(select(PushSubscription).where(PushSubscription.user_id == user_id)))


def test_the_public_key_is_the_servers_vapid_key(client):
    create_vapid_keys(get_settings().vapid_file)
    key = client.get("/api/push/key").json()["key"]
    assert len(base64.urlsafe_b64decode(key + "=")) == 65


def test_a_device_is_added_for_the_signed_in_person_only(client):
    headers, me, _ = signed_in_patient()
    url = "/api/push/subscribe"
    assert client.post(url, json=device_json(), headers=SAME_SITE).status_code == 401
    cross_site = {**headers, "Sec-Fetch-Site": "cross-site"}
    assert client.post(url, json=device_json(), headers=cross_site).status_code == 403
    for bad in (
        device_json("https://attacker.example/"),
        {**device_json(), "keys": {"p256dh": "abc", "auth": "def"}},
        ["not", "an", "object"],
    ):
        answer = client.post(url, json=bad, headers=headers)
        assert answer.status_code == 400 and "error" in answer.json()
    good = device_json()
    answer = client.post(url, json={**good, "user_id": str(uuid.uuid4())}, headers=headers)
    assert answer.status_code == 201
    (saved,) = devices_of(me.user_id)
    assert saved.endpoint == good["endpoint"] and saved.device
    # Signing out on this device stops its reminders.
    assert client.post("/api/auth/sign-out", headers=headers).status_code == 200
    assert devices_of(me.user_id) == []


def test_nobody_takes_over_another_persons_device(client):
    """Knowing a phone's push address is not enough to move its reminders to you: only the
    browser that holds the subscription (its own keys) can, e.g. the next person on a shared
    phone whose last user's session timed out."""
    victim_headers, victim, _ = signed_in_patient()
    attacker_headers, attacker, _ = signed_in_patient()
    phone = device_json()
    assert client.post("/api/push/subscribe", json=phone, headers=victim_headers).status_code == 201
    forged = {**device_json(), "endpoint": phone["endpoint"]}  # the address, other keys
    answer = client.post("/api/push/subscribe", json=forged, headers=attacker_headers)
    assert answer.status_code == 409 and "error" in answer.json()
    assert [d.endpoint for d in devices_of(victim.user_id)] == [phone["endpoint"]]
    assert devices_of(attacker.user_id) == []
    (kept,) = devices_of(victim.user_id)
    assert (kept.p256dh, kept.auth) == (phone["keys"]["p256dh"], phone["keys"]["auth"])
    # The same browser (same keys): the phone now reminds the person signed in on it.
    again = client.post("/api/push/subscribe", json=phone, headers=attacker_headers)
    assert again.status_code == 201
    assert devices_of(victim.user_id) == []
    assert [d.endpoint for d in devices_of(attacker.user_id)] == [phone["endpoint"]]


def test_removing_a_device_needs_its_own_session(client):
    headers, me, _ = signed_in_patient()
    other_headers, _, _ = signed_in_patient()
    device = device_json()
    client.post("/api/push/subscribe", json=device, headers=headers)
    body = {"endpoint": device["endpoint"]}
    client.post("/api/push/unsubscribe", json=body, headers=other_headers)
    assert len(devices_of(me.user_id)) == 1  # someone else cannot remove it
    client.post("/api/push/unsubscribe", json=body, headers=headers)
    assert devices_of(me.user_id) == []


def test_the_taken_button_logs_the_dose_with_the_reminders_own_token(client):
    _, me, patient = signed_in_patient()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    soon = now + timedelta(minutes=1)
    clock = soon.astimezone(ZoneInfo(patient.timezone)).strftime("%H:%M")
    with Session(get_engine(), expire_on_commit=False) as db:
        form = MedicineForm(name="Lithium", dose="300 mg", started_on="2026-01-01", times=(clock,))
        assert add_medicine(db, RIVERA, patient.id, form, now=now) == ""
        medicine = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).one()
        key = f"dose:{medicine.id}:{soon:%Y%m%dT%H%MZ}"
        remind_now(db, patient, "dose", key=key, now=now, ref_id=medicine.id)
        reminder = db.exec(select(Reminder).where(Reminder.key == key)).one()
        reminder.scheduled_for = soon
        db.add(reminder)
        db.commit()
    token = action_token(str(get_settings().secret_key), reminder.id, me.user_id)
    url = "/api/push/action"
    assert client.post(url, content=b"not json").status_code == 400
    wrong = {"reminder": str(reminder.id), "token": "0" * 64, "action": "taken"}
    assert client.post(url, json=wrong).status_code == 404
    right = {**wrong, "token": token}
    assert client.post(url, json=right).json() == {"done": True}
    assert client.post(url, json=right).status_code == 200  # a second tap changes nothing
    with Session(get_engine()) as db:
        (logged,) = db.exec(select(DoseLog).where(DoseLog.patient_id == patient.id)).all()
        assert (logged.status, logged.source) == ("taken", "reminder")
        assert db.get(Reminder, reminder.id).done_at is not None
