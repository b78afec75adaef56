"""A raw Socket.IO client for the websocket tests: what any connected program could send,
with a person's own session cookie (or none), plus the state names it calls."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

import socketio

from portal_app.db import session_scope
from portal_app.models import Clinic, Role, User
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, resolve_session, start_session
from tests.factories import DEMO_CLINIC, make_clinician

ACCOUNT = "reflex___state____state.portal_app___state___account____account_state"
SIGN_IN = "reflex___state____state.portal_app___state___sign_in____sign_in_state"
VIEWER = "reflex___state____state.portal_app___state___viewer____viewer_state"
PEOPLE_STATE = "reflex___state____state.portal_app___state___admin_people____admin_people_state"
AUDIT_STATE = "reflex___state____state.portal_app___state___admin_audit____admin_audit_state"
SECURITY = "reflex___state____state.portal_app___state___account_security____account_security_state"
ALERTS = "reflex___state____state.portal_app___state___alerts____alerts_state"
CHECK_IN = "reflex___state____state.portal_app___state___check_in____check_in_state"
QUESTIONS = "reflex___state____state.portal_app___state___questionnaire____questionnaire_state"
MEDICINES = "reflex___state____state.portal_app___state___medicines____medicines_state"
REMINDERS = "reflex___state____state.portal_app___state___reminders____reminders_state"
MESSAGES = "reflex___state____state.portal_app___state___messages____messages_state"
PANEL = "reflex___state____state.portal_app___state___care_panel____care_panel_state"
OVERVIEW = "reflex___state____state.portal_app___state___patient_overview____patient_overview_state"


class RawClient:
    """A Socket.IO client speaking Reflex's event protocol, nothing else."""

    def __init__(self, origin: str, cookie: str | None, tab_token: str | None = None) -> None:
        self.path = "/account"  # the page the events say they come from
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
                "router_data": {"pathname": self.path.split("?")[0], "asPath": self.path},
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
                "router_data": {"pathname": self.path.split("?")[0], "asPath": self.path},
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
        return token, resolve_session(
            db, token, clinic_id=DEMO_CLINIC, now=datetime.now(UTC)
        ).session_id


def still_signed_in(token: str) -> bool:
    with session_scope() as db:
        return (
            resolve_session(db, token, clinic_id=DEMO_CLINIC, now=datetime.now(UTC), touch=False)
            is not None
        )


def other_clinic_session(role: Role = Role.CLINICIAN) -> str:
    """A signed-in member of staff (a clinician, unless said) of another clinic."""
    with session_scope() as db:
        clinic = Clinic(slug=f"other-{uuid.uuid4().hex[:6]}", name="Another Clinic")
        db.add(clinic)
        db.flush()
        user = User(
            email=f"staff.other.{uuid.uuid4().hex[:6]}@example.net",
            display_name="Other Clinic Staff",
            role=role,
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
