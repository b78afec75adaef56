"""Authorization through a raw websocket client: what any connected program could send.

Each person below connects with their own session cookie (or none) and calls the account
handlers directly, with their own and other people's ids, and with wrong argument types.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from portal_app.db import session_scope
from portal_app.models import Role, User
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.raw_socket import (
    ACCOUNT,
    AUDIT_STATE,
    PEOPLE_STATE,
    SECURITY,
    SIGN_IN,
    VIEWER,
    RawClient,
    new_session,
    other_clinic_session,
    still_signed_in,
)

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
    token = other_clinic_session(Role.CLINIC_ADMIN)
    raw = RawClient(live_server.origin, token)
    people, _ = raw.call(f"{PEOPLE_STATE}.load_people")
    audit_rows, _ = raw.call(f"{AUDIT_STATE}.search", form_data={"person": "example.org"})
    raw.close()
    # At our hostname their session is no session at all (services/clinic/tenancy.py); had it
    # been let in, the gate would still show them nobody of ours (tests/unit/test_tenancy.py).
    assert people.get(PEOPLE_STATE, {}).get("clinicians_rx_state_", []) == []
    assert audit_rows.get(AUDIT_STATE, {}).get("rows_rx_state_", []) == []
    assert "Dr. Ana Rivera" not in str(raw.everything)


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
