"""One browser tab, two people: nothing of the first reaches the second (raw Socket.IO).

Reflex keeps state per tab token, not per person. A shared phone's tab, or a client that
reuses a tab's token, must never be sent the last person's data: not on `hydrate` (before any
page handler runs), not after the session ended, not between two staff members.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.care_team import psychotherapy_notes
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, end_session, start_session
from portal_app.services.measures import journal
from portal_app.services.plans import thought_records
from portal_app.services.records.shared_documents import share_summary
from portal_app.state.care_panel import CarePanelState
from portal_app.state.check_in import CheckInState
from portal_app.state.messages import MessagesState
from portal_app.state.records import RecordsState
from portal_app.state.thought_records import ThoughtsState
from tests.e2e.raw_socket import RawClient
from tests.factories import check_in_entry, make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")


@pytest.fixture(params=["desktop"])
def device(request) -> str:  # no browser here
    return str(request.param)


def _marker(kind: str) -> str:
    return f"SENTINEL{kind}{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def first_patient() -> dict:
    """A patient of Dr. Rivera's with a marked check-in note, thought record, Part 2 paper,
    message subject, and a psychotherapy note Dr. Rivera keeps about them."""
    marks = {k: _marker(k) for k in ("note", "thought", "paper", "subject", "psychnote")}
    now = datetime.now(UTC)
    rivera = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
    with session_scope() as db:
        me, patient = make_care_team_patient(
            db, f"tess.{uuid.uuid4().hex[:6]}@example.org", "Tess Tabshare", rivera.user_id
        )
        entry = check_in_entry(now, note=marks["note"], mood=2, anxiety=3)
        assert journal.sync(db, me, [entry], now=now).accepted
        parts = {"situation": marks["thought"], "thought": "x"}
        assert thought_records.save_record(db, me, parts, False, now=now) == ""
        assert (
            share_summary(
                db,
                rivera,
                patient.id,
                marks["paper"],
                "A visit.",
                visit_on=None,
                now=now,
                part2=True,
            )
            == ""
        )
        start_thread(db, me, None, marks["subject"], "Hello team.", now=now)
        kept = psychotherapy_notes.write_note(db, rivera, patient.id, marks["psychnote"], now=now)
        assert kept == ""
    return {"user_id": me.user_id, "patient_id": str(patient.id), "marks": marks}


def _session_for(user_id: uuid.UUID) -> str:
    with session_scope() as db:
        return start_session(db, user_id, now=datetime.now(UTC))


def _seen(frames: list[dict], marks: dict) -> set[str]:
    text = json.dumps(frames)
    return {name for name, mark in marks.items() if mark in text}


def _patient_opens_everything(raw: RawClient) -> list[dict]:
    frames: list[dict] = []
    for handler in (
        f"{CheckInState.get_full_name()}.load_check_in",
        f"{ThoughtsState.get_full_name()}.load_thoughts",
        f"{RecordsState.get_full_name()}.load_records",
        f"{MessagesState.get_full_name()}.load_messages",
    ):
        delta, _ = raw.call(handler)
        frames.append(delta)
    return frames


def _clinician_opens_the_record(raw: RawClient, patient_id: str) -> list[dict]:
    panel = CarePanelState.get_full_name()
    raw.call(f"{panel}.load_panel")
    raw.call(f"{panel}.open_patient", patient_id=patient_id)
    delta, _ = raw.call(f"{RecordsState.get_full_name()}.load_records")
    return [delta]


@pytest.mark.parametrize("next_person", ["jordan@example.org", None])
def test_a_patients_data_never_reaches_the_next_person_on_the_tab(
    live_server, first_patient: dict, next_person: str | None
) -> None:
    tab = str(uuid.uuid4())
    marks = first_patient["marks"]
    first = RawClient(live_server.origin, _session_for(first_patient["user_id"]), tab)
    loaded = _patient_opens_everything(first)
    first.close()
    # The control: the first person's own tab did get their own data.
    assert _seen(loaded, marks) >= {"note", "thought", "paper", "subject"}

    cookie = _session_for(demo_id("user", next_person)) if next_person else None
    second = RawClient(live_server.origin, cookie, tab)
    frames = second.hydrate("/")
    frames += second.hydrate("/check-in")
    second.close()
    assert frames, "the hydrate got no answer"
    assert _seen(frames, marks) == set()


def test_after_the_session_ends_the_same_cookie_gets_nothing_back(
    live_server, first_patient: dict
) -> None:
    tab, cookie = str(uuid.uuid4()), _session_for(first_patient["user_id"])
    first = RawClient(live_server.origin, cookie, tab)
    assert _seen(_patient_opens_everything(first), first_patient["marks"])
    first.close()
    with session_scope() as db:
        end_session(db, cookie, now=datetime.now(UTC))
    again = RawClient(live_server.origin, cookie, tab)
    frames = again.hydrate("/records")
    again.close()
    assert _seen(frames, first_patient["marks"]) == set()


def test_a_psychotherapy_note_never_reaches_the_next_clinician_on_the_tab(
    live_server, first_patient: dict
) -> None:
    tab = str(uuid.uuid4())
    marks = {"psychnote": first_patient["marks"]["psychnote"]}
    rivera = RawClient(
        live_server.origin, _session_for(demo_id("user", "dr.rivera@example.org")), tab
    )
    loaded = _clinician_opens_the_record(rivera, first_patient["patient_id"])
    rivera.close()
    assert _seen(loaded, marks) == {"psychnote"}  # the control: the author sees it

    chen = RawClient(live_server.origin, _session_for(demo_id("user", "dr.chen@example.org")), tab)
    frames = chen.hydrate("/records")
    chen.close()
    assert _seen(frames, marks) == set()


@pytest.mark.parametrize("uploader", ["jordan@example.org", None])
def test_an_upload_naming_someone_elses_tab_is_refused(
    live_server, first_patient: dict, uploader: str | None
) -> None:
    """Reflex runs an upload on the named tab's state, as that tab's person, and streams the
    state back: knowing a tab token must not be enough (tokens come from Math.random)."""
    tab = str(uuid.uuid4())
    victim = RawClient(live_server.origin, _session_for(first_patient["user_id"]), tab)
    assert _seen(_patient_opens_everything(victim), first_patient["marks"])
    headers = {
        "Reflex-Client-Token": tab,
        "Reflex-Event-Handler": f"{MessagesState.get_full_name()}.attach",
        "Origin": live_server.origin,
    }
    if uploader:
        headers["Cookie"] = f"{SESSION_COOKIE}={_session_for(demo_id('user', uploader))}"
    answer = httpx.post(
        live_server.url("/_upload"),
        headers=headers,
        files={"files": ("note.pdf", b"%PDF-1.4 stolen", "application/pdf")},
        timeout=20,
    )
    victim.close()
    assert answer.status_code == 403
    assert _seen([answer.text], first_patient["marks"]) == set()
