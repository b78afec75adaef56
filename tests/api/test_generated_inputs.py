"""Every HTTP route answers generated bad input with a clear 4xx (or a normal answer), never a
server error or a traceback: 1,000 generated requests per route, against the real ASGI app.

The requests mix what a browser would send (the right keys, wrong values) with what it never
would (any JSON, JSON nested thousands deep, raw bytes, wrong content types), from a page of
our own or another site, signed in or not.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, delete

from portal_app.api.routes import ROUTES
from portal_app.db import get_engine
from portal_app.models import FailedSignIn, PasskeyChallenge
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from portal_app.services.medication.push import create_vapid_keys
from portal_app.settings import get_settings
from tests.factories import make_care_team_patient, make_clinician

# `make unit` asks for fewer (a quick loop while working); `make test` runs them all.
CASES_PER_ROUTE = int(os.environ.get("PORTAL_GENERATED_CASES", "1000"))
ENDPOINTS = [
    *sorted(
        (route.path, method)
        for route in ROUTES
        for method in route.methods or ()
        if method != "HEAD"
    ),
    ("/_upload", "POST"),
]
# Keys our routes look for, so generated objects often get past the first check.
KEYS = [
    "entries",
    "kind",
    "token",
    "language",
    "endpoint",
    "keys",
    "p256dh",
    "auth",
    "reminder",
    "action",
    "id",
    "rawId",
    "type",
    "response",
    "clientDataJSON",
    "attestationObject",
    "authenticatorData",
    "signature",
    "userHandle",
    "instrument",
    "answers",
    "recorded_at",
    "mood",
    "anxiety",
    "note",
    "tags",
    "submitted",
]

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["", "email_link", "handoff", "taken", "later", "es", "phq9", "check_in"])
    | st.uuids().map(str)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)
deep_nesting = st.integers(min_value=50, max_value=20_000).flatmap(
    lambda depth: st.sampled_from(
        [b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth]
    )
)
bodies = (
    json_values.map(lambda value: json.dumps(value).encode())
    | deep_nesting
    | st.binary(max_size=300)
    | st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6).map(
        lambda value: json.dumps(value).encode()
    )
)
path_values = (
    st.uuids().map(str)
    | st.sampled_from(["me", "", "..", "%00", "x" * 300])
    | st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#"), max_size=20)
)


def _handler_names() -> list[str]:
    import portal_app.state.messages as messages
    import portal_app.state.records as records

    return [
        f"{messages.MessagesState.get_full_name()}.attach",
        f"{records.RecordsState.get_full_name()}.share_document",
        f"{messages.MessagesState.get_full_name()}.load_messages",  # takes no files
        "reflex___state____state.nothing",
    ]


@st.composite
def requests(draw: Any, path: str) -> dict[str, Any]:
    for name in ("{patient_id}", "{document_id}", "{attachment_id}", "{visit_id}"):
        if name in path:
            path = path.replace(name, quote(draw(path_values), safe=""))
    headers = draw(
        st.sampled_from(
            [
                {"Sec-Fetch-Site": "same-origin"},
                {"Sec-Fetch-Site": "cross-site"},
                {"Origin": "http://localhost:3000"},
                {},
            ]
        )
    )
    headers["Content-Type"] = draw(
        st.sampled_from(
            [
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
            ]
        )
    )
    if path == "/_upload":
        headers["Reflex-Client-Token"] = draw(
            st.uuids().map(str)
            | st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=10)
        )
        headers["Reflex-Event-Handler"] = draw(st.sampled_from(_handler_names()))
    return {
        "path": path,
        "headers": headers,
        "signed_in": draw(st.sampled_from(["patient", "clinician", "nobody", "garbage"])),
        "body": draw(bodies),
    }


_SESSIONS: dict[str, str] = {}
_PEOPLE: dict[str, uuid.UUID] = {}


def _person(who: str) -> uuid.UUID:
    """A patient or a clinician made for this test: a thousand requests' worth of sign-outs,
    challenges and drafts must not change the demo people other tests rely on."""
    if who not in _PEOPLE:
        with Session(get_engine()) as db:
            rivera = demo_id("user", "dr.rivera@example.org")
            email = f"generated.{who}.{uuid.uuid4().hex[:8]}@example.org"
            if who == "patient":
                me, _ = make_care_team_patient(db, email, "Gen Patient", rivera)
            else:
                me = make_clinician(db, email, "Gen Clinician")
            db.commit()
            _PEOPLE[who] = me.user_id
    return _PEOPLE[who]


def _cookie(who: str, path: str) -> str | None:
    """A live session (a new one after each sign-out, which ends it)."""
    if who == "garbage":
        return "not-a-session"
    if who not in ("patient", "clinician"):
        return None
    if who not in _SESSIONS or path in ("/api/auth/sign-out", "/api/auth/quick-exit"):
        with Session(get_engine()) as db:
            _SESSIONS[who] = start_session(db, _person(who), now=datetime.now(UTC))
            db.commit()
    return _SESSIONS[who]


@pytest.fixture(autouse=True)
def leave_no_limits_behind() -> Iterator[None]:
    """A thousand requests from one address trip the limits meant for a stranger (passkey
    ceremonies open at once, wrong passwords): clear what this test caused, so later tests
    from the same address start as anyone would."""
    started = datetime.now(UTC)
    yield
    with Session(get_engine()) as db:
        db.exec(delete(PasskeyChallenge).where(col(PasskeyChallenge.expires_at) >= started))
        db.exec(delete(FailedSignIn).where(col(FailedSignIn.at) >= started))
        db.commit()


@pytest.fixture(scope="module", autouse=True)
def set_up_like_portal_setup() -> None:
    """The server as `portal setup` leaves it: with its push keys (else /api/push/key says,
    rightly, 503: not set up yet)."""
    create_vapid_keys(get_settings().vapid_file)


@pytest.mark.parametrize(("path", "method"), ENDPOINTS)
def test_every_route_answers_generated_input_without_a_server_error(
    client: Any, path: str, method: str
) -> None:
    seen: dict[int, int] = {}

    @settings(
        max_examples=CASES_PER_ROUTE,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=requests(path))
    def one_request(case: dict[str, Any]) -> None:
        cookie = _cookie(case["signed_in"], path)
        client.cookies.clear()
        headers = dict(case["headers"])
        if cookie:
            headers["Cookie"] = f"{SESSION_COOKIE}={cookie}"
        answer = client.request(
            method, case["path"], headers=headers, content=case["body"], follow_redirects=False
        )
        seen[answer.status_code] = seen.get(answer.status_code, 0) + 1
        assert answer.status_code < 500, f"{answer.status_code} for {case!r:.300}"
        assert "Traceback" not in answer.text

    one_request()
    assert sum(seen.values()) >= CASES_PER_ROUTE
    print(f"{method} {path}: {dict(sorted(seen.items()))}")


def test_the_generated_routes_are_all_of_them() -> None:
    """A new route is covered without anyone remembering to add it here."""
    assert {path for path, _ in ENDPOINTS} >= {route.path for route in ROUTES}
    assert len(ENDPOINTS) >= 22
