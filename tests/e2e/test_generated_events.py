"""Every event handler answers generated input without an unhandled error (raw Socket.IO).

Any connected program can call any handler with any arguments. Here each of our handlers is
called with arguments drawn from its own signature (and with wrong ones), by a patient, a
teen, a clinician with and without a patient chosen, a caregiver, a clinic admin and nobody.
A handler that raises shows the person the generic "something went wrong" notice (and logs
"Event handler failed"); that is a bug here: bad input gets a specific, kind answer (or
nothing), never an unhandled error. NoticeState.show_error, which shows that notice on
purpose, is the one handler not called.
"""

from __future__ import annotations

import inspect
import json
import re
import time
import typing
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlmodel import col, delete, select

from portal_app.db import session_scope
from portal_app.models import (
    AvailabilityException,
    AvailabilityRule,
    Clinic,
    FailedSignIn,
    Patient,
    User,
)
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import start_session
from portal_app.state.care_panel import CarePanelState
from portal_app.state.notice import NoticeState
from tests.e2e.raw_socket import RawClient
from tests.stack import SCALEOUT
from tests.unit.test_handler_guard import all_states

# For each kind of person below. The scale-out run checks the same handlers on several
# workers, where what matters is the topology, not more arguments.
CALLS_PER_HANDLER = 2 if SCALEOUT else 4
BATCH = 100  # calls per connection (within a connection's burst allowance)
STATE_DIR = Path(__file__).resolve().parents[2] / "portal_app" / "state"
FORM_KEYS = sorted(
    set(
        re.findall(
            r'form_data(?:\.get\(|\[)\s*"(\w+)"',
            "".join(path.read_text() for path in STATE_DIR.glob("*.py")),
        )
    )
)
PEOPLE = {
    "patient": "alex@example.org",
    "teen": "jordan@example.org",
    "clinician without a patient": "dr.chen@example.org",
    "clinician with a patient": "dr.rivera@example.org",
    "caregiver": "sam@example.org",
    "admin": "admin@example.org",
    "nobody": None,
}


@pytest.fixture(params=["desktop"])
def device(request) -> str:  # no browser here
    return str(request.param)


@pytest.fixture(autouse=True)
def forget_the_guesses() -> Iterator[None]:
    """Generated sign-in forms are wrong passwords from this machine's address: left in place,
    they would slow down every later password sign-in from it (as they should for a stranger),
    and so every later test."""
    started = datetime.now(UTC)
    yield
    with session_scope() as db:
        db.exec(delete(FailedSignIn).where(col(FailedSignIn.at) >= started))


@pytest.fixture(autouse=True)
def put_the_demo_back() -> Iterator[None]:
    """Generated calls really change what the demo people may change (found: Dr. Rivera
    renamed "False", the clinic set to "ask first" with another on-call clinician, and hours
    that made later tests' hours overlap). Later tests need the demo as seeded, so what the
    handlers can change about people, the clinic and visit hours is put back."""
    started = datetime.now(UTC)
    with session_scope() as db:
        users = {u.id: (u.display_name, u.language) for u in db.exec(select(User))}
        clinics = {c.id: c.model_dump() for c in db.exec(select(Clinic))}
        patients = {
            p.id: (p.phone, p.emergency_name, p.emergency_relation, p.emergency_phone)
            for p in db.exec(select(Patient))
        }
    yield
    with session_scope() as db:
        for user in db.exec(select(User).where(col(User.id).in_(list(users)))):
            user.display_name, user.language = users[user.id]
            db.add(user)
        for clinic in db.exec(select(Clinic)):
            for field, value in clinics.get(clinic.id, {}).items():
                setattr(clinic, field, value)
            db.add(clinic)
        for patient in db.exec(select(Patient).where(col(Patient.id).in_(list(patients)))):
            (
                patient.phone,
                patient.emergency_name,
                patient.emergency_relation,
                patient.emergency_phone,
            ) = patients[patient.id]
            db.add(patient)
        db.exec(delete(AvailabilityRule).where(col(AvailabilityRule.created_at) >= started))
        db.exec(
            delete(AvailabilityException).where(col(AvailabilityException.created_at) >= started)
        )


def _handlers() -> list[tuple[str, dict[str, object]]]:
    """(full event name, parameter name -> type) for every handler of ours but uploads."""
    found = []
    for state in all_states():
        if not state.__module__.startswith("portal_app"):
            continue
        for name, handler in state.event_handlers.items():
            fn = inspect.unwrap(handler.fn)
            hints = typing.get_type_hints(fn)
            params = list(inspect.signature(fn).parameters)[1:]
            types = {p: hints.get(p, typing.Any) for p in params}
            if any("UploadFile" in str(t) for t in types.values()):
                continue  # files go through /_upload (tests/api/test_generated_inputs.py)
            if state is NoticeState and name == "show_error":
                continue  # shows the very notice this test looks for (see the module doc)
            found.append((f"{state.get_full_name()}.{name}", types))
    return sorted(found)


HANDLERS = _handlers()
ids = st.sampled_from(
    [
        str(demo_id("patient", "alex@example.org")),
        str(demo_id("user", "alex@example.org")),
        str(uuid.UUID(int=0)),
    ]
) | st.uuids().map(str)
words = (
    st.text(max_size=30)
    | ids
    | st.sampled_from(["", "0", "-1", "taken", "phq9", "en", "es", "patient", "all", "2026-12-03"])
    | st.datetimes().map(lambda moment: moment.isoformat())
)
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
    max_leaves=8,
)
forms = st.dictionaries(st.sampled_from(FORM_KEYS), words | anything, max_size=8)


def _value_for(kind: object) -> st.SearchStrategy[object]:
    fitting = {
        str: words,
        int: st.integers(min_value=-10, max_value=10**6),
        bool: st.booleans(),
        float: st.floats(allow_nan=False),
    }.get(kind)  # type: ignore[call-overload]
    if fitting is None and typing.get_origin(kind) is dict:
        fitting = forms
    if fitting is None and typing.get_origin(kind) is list:
        fitting = st.lists(forms | words, max_size=4)
    return anything if fitting is None else st.one_of(fitting, fitting, fitting, anything)


@st.composite
def calls(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    name, types = draw(st.sampled_from(HANDLERS))
    args = {param: draw(_value_for(kind)) for param, kind in types.items()}
    if draw(st.integers(0, 9)) == 0:  # now and then: a missing or a made-up argument
        args.pop(next(iter(args), ""), None) if args else args.update({"surprise": 1})
    return name, args


def _session(email: str | None) -> str | None:
    if email is None:
        return None
    with session_scope() as db:
        return start_session(db, demo_id("user", email), now=datetime.now(UTC))


def _failed_events(log: Path, since: int) -> list[str]:
    added = log.read_bytes()[since:].decode(errors="replace").splitlines()
    return [line for line in added if "Event handler failed" in line or "failed events" in line]


def _run_batch(live_server, who: str, batch: list[tuple[str, dict[str, object]]]) -> list[dict]:
    raw = RawClient(live_server.origin, _session(PEOPLE[who]))
    if who == "clinician with a patient":
        panel = CarePanelState.get_full_name()
        raw.call(f"{panel}.load_panel")
        raw.call(f"{panel}.open_patient", patient_id=str(demo_id("patient", "alex@example.org")))
    for name, args in batch:
        raw.send(name, **args)
    raw.call(f"{NoticeState.get_full_name()}.dismiss")  # in order: all the above are done
    time.sleep(0.5)  # a failure's notice is queued after the handler that failed
    with raw.lock:
        replies = list(raw.everything)
    raw.close()
    return replies


@pytest.mark.parametrize("who", list(PEOPLE))
def test_every_handler_answers_generated_arguments_without_an_error(live_server, who) -> None:
    log = live_server.log_path
    batches = -(-len(HANDLERS) * CALLS_PER_HANDLER // BATCH)
    sent = 0

    @settings(
        max_examples=batches,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # a failure names the handler itself (see the log lines)
        suppress_health_check=list(HealthCheck),
    )
    @given(batch=st.lists(calls(), min_size=BATCH, max_size=BATCH))
    def one_connection(batch: list[tuple[str, dict[str, object]]]) -> None:
        nonlocal sent
        before = log.stat().st_size
        replies = _run_batch(live_server, who, batch)
        sent += len(batch)
        errors = [
            r
            for r in replies
            if r.get("delta", {}).get(NoticeState.get_full_name(), {}).get("error_shown_rx_state_")
        ]
        assert not errors and not _failed_events(log, before), (
            f"{who}: {_failed_events(log, before)[:3]} after calls like "
            f"{json.dumps(batch[:3], default=str)[:400]}"
        )

    one_connection()
    assert sent >= len(HANDLERS) * CALLS_PER_HANDLER
    print(f"{who}: {sent} generated calls to {len(HANDLERS)} handlers, 0 errors")
