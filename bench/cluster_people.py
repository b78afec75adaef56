"""Simulated people for the cluster bench and the cluster failure test.

Each person holds a websocket as the browser does (Reflex's Socket.IO protocol, their session
cookie, their own tab token) and goes round a real journey, pausing as a person reading would.
Every write carries a unique mark, and an answered write is remembered, so afterwards the
database can be checked: each answered write is there exactly once. When the connection
drops (an app host dies) the person reconnects with the same tab token through the proxy,
as Reflex's client does, and the time until their state is back is kept.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

STATE = "reflex___state____state."
PORTAL = STATE + "portal_app___state___"
HYDRATE = STATE + "hydrate_and_load"
CHECK_IN = PORTAL + "check_in____check_in_state"
TRENDS = PORTAL + "trends____trends_state"
MESSAGES = PORTAL + "messages____messages_state"
PANEL = PORTAL + "care_panel____care_panel_state"
TRIVIAL_EVENT = PORTAL + "notice____notice_state.dismiss"
TRIVIAL = "trivial handler"
MARK = "bench-"
ANSWER_TIMEOUT_S = 15.0


@dataclass
class Person:
    token: str  # session cookie
    clinician: bool
    thread_id: str  # their conversation (a clinician: one of their patients')


@dataclass
class Tally:
    """What a load run saw: times per action (ms), failures, answered write marks."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    acknowledged: set[str] = field(default_factory=set)
    sent_marks: set[str] = field(default_factory=set)
    rehydrate_s: list[float] = field(default_factory=list)
    events: int = 0


def journey(person: Person) -> list[tuple[str, str, dict[str, Any], str]]:
    """(label, handler, payload, page) in order; `{mark}` is filled in per write."""
    talk = {"thread_id": person.thread_id}
    if person.clinician:
        return [
            ("open the panel", PANEL + ".load_panel", {}, "/panel"),
            ("open Messages", MESSAGES + ".load_messages", {}, "/messages"),
            ("read a conversation", MESSAGES + ".open", talk, "/messages"),
            (TRIVIAL, TRIVIAL_EVENT, {}, "/messages"),
        ]  # fmt: skip
    check_in = {"mood": "4", "anxiety": "1", "sleep": "7", "note": "{mark}"}
    return [
        ("open Check in", CHECK_IN + ".load_check_in", {}, "/check-in"),
        ("save a check-in", CHECK_IN + ".save", {"form_data": check_in}, "/check-in"),
        ("open Trends", TRENDS + ".load_trends", {}, "/trends"),
        ("open Messages", MESSAGES + ".load_messages", {}, "/messages"),
        ("read a conversation", MESSAGES + ".open", talk, "/messages"),
        ("send a message", MESSAGES + ".send", {"form_data": {"body": "{mark}"}}, "/messages"),
        (TRIVIAL, TRIVIAL_EVENT, {}, "/messages"),
    ]  # fmt: skip


def _with_mark(payload: dict[str, Any], mark: str) -> dict[str, Any]:
    if "form_data" not in payload:
        return payload
    form = {k: (mark if v == "{mark}" else v) for k, v in payload["form_data"].items()}
    return {**payload, "form_data": form}


def acknowledged(label: str, delta: dict[str, Any]) -> bool:
    """Did the answer say the write was kept? (The screen's "Saved" / "Sent".)"""
    values = {k: v for sub in delta.values() for k, v in sub.items()}
    if label == "save a check-in":
        return values.get("saved_rx_state_") is True
    if label == "send a message":
        return values.get("notice_rx_state_") == "messages.sent"
    return False


class Tab:
    """One browser tab's websocket: answers land in a queue; reconnects with its tab token."""

    def __init__(self, origin: str, person: Person) -> None:
        self.origin, self.person = origin, person
        self.tab_token = str(uuid.uuid4())
        self.answers: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.client: Any = None

    async def connect(self) -> None:
        from bench.event_load import signed_in_socket

        self.client, self.answers = await signed_in_socket(
            self.origin, self.person.token, self.tab_token
        )

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client.connected

    async def call(self, name: str, payload: dict[str, Any], page: str) -> dict[str, Any]:
        """Send one event; its delta. Each journey action brings exactly one update (counted
        on an idle server); hydrating brings several, the last one saying it is hydrated."""
        while not self.answers.empty():
            self.answers.get_nowait()
        router = {"pathname": page, "asPath": page, "query": {}}
        message = {"name": name, "payload": payload, "router_data": router}
        await self.client.emit("event", message, namespace="/_event")
        delta: dict[str, Any] = {}
        while True:
            answer = await asyncio.wait_for(self.answers.get(), ANSWER_TIMEOUT_S)
            for substate, values in (answer.get("delta") or {}).items():
                delta.setdefault(substate, {}).update(values)
            if name != HYDRATE or (answer.get("delta") or {}).get(STATE[:-1], {}).get(
                "is_hydrated_rx_state_"
            ):
                return delta

    async def come_back(
        self, page: str, deadline_s: float = 60.0, *, dropped: bool = True
    ) -> float:
        """Reconnect (through the proxy, to whichever host) and hydrate; seconds it took.
        After a drop it first waits as Reflex's socket.io client does (1 s, randomized by
        half), so a host's tabs do not all come back in the same instant."""
        started = time.monotonic()
        if dropped:
            await asyncio.sleep(random.uniform(0.5, 1.5))
        while time.monotonic() - started < deadline_s:
            try:
                if self.client is not None:
                    await self.client.disconnect()
                await self.connect()
                await self.call(HYDRATE, {}, page)
                return time.monotonic() - started
            except Exception:  # refused, reset, or no answer: try again shortly
                await asyncio.sleep(0.3)
        raise TimeoutError("could not come back")

    async def close(self) -> None:
        if self.client is not None and self.client.connected:
            await self.client.disconnect()


async def live(
    origin: str,
    person: Person,
    window: tuple[float, float],
    tally: Tally,
    *,
    arrive_within: float,
    pause: tuple[float, float] = (1.5, 4.5),
) -> None:
    """One person's visit: arrive, then act until the window closes. Times are kept for
    actions sent inside the window (monotonic seconds: from, until)."""
    rng = random.Random(person.token)
    await asyncio.sleep(rng.uniform(0, arrive_within))
    tab = Tab(origin, person)
    try:
        await tab.come_back("/", dropped=False)
    except TimeoutError:
        tally.errors["connect"] += 1
        return
    steps = journey(person)
    step = rng.randrange(len(steps))
    counted_from, until = window
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(*pause))
        label, name, payload, page = steps[step % len(steps)]
        step += 1
        mark = f"{MARK}{uuid.uuid4().hex}"
        counted, sent = time.monotonic() >= counted_from, time.perf_counter()
        writes = "{mark}" in str(payload)
        try:
            if not tab.connected:  # dropped while reading: nothing was sent
                raise ConnectionResetError
            if writes:
                tally.sent_marks.add(mark)  # sent: kept or not, it must never be kept twice
            delta = await tab.call(name, _with_mark(payload, mark), page)
        except Exception as problem:  # no answer, or the connection went: come back
            tally.errors[f"{label}: {type(problem).__name__}"] += 1
            try:
                tally.rehydrate_s.append(await tab.come_back(page))
            except TimeoutError:
                tally.errors["could not come back"] += 1
                return
            continue
        tally.events += 1
        if writes and acknowledged(label, delta):
            tally.acknowledged.add(mark)
        if counted:
            tally.times[label].append((time.perf_counter() - sent) * 1000)
    await tab.close()


async def crowd(
    origin: str, people: list[Person], *, settle: float, seconds: float, tally: Tally
) -> None:
    """Everyone at once: they arrive over `settle` seconds, then `seconds` are measured."""
    counted_from = time.monotonic() + settle
    window = (counted_from, counted_from + seconds)
    await asyncio.gather(
        *(live(origin, p, window, tally, arrive_within=settle - 1) for p in people)
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def make_people(patients: int, clinicians: int, sessions: Any = None) -> list[Person]:
    """In the database: clinicians of the demo clinic, each with a share of the patients on
    their care team, a conversation per patient and two weeks of check-ins. Made 50 at a
    time (a session holding thousands of rows gets slower with each one)."""
    from portal_app.db import session_scope
    from portal_app.services.identity.sessions import start_session
    from tests.factories import make_clinician

    sessions = sessions or session_scope
    now = datetime.now(UTC)
    with sessions() as db:
        staff = [
            make_clinician(db, f"bench.dr{i}.{uuid.uuid4().hex[:6]}@example.org", f"Dr. Bench {i}")
            for i in range(max(1, clinicians))
        ]
    people: list[Person] = []
    for start in range(0, patients, 50):
        with sessions() as db:
            for i in range(start, min(patients, start + 50)):
                people.append(_patient(db, i, staff[i % len(staff)].user_id, now))
    with sessions() as db:  # patient i is on clinician i's team: their conversation to read
        for index, doctor in enumerate(staff[:clinicians]):
            theirs = people[index].thread_id if index < patients else ""
            people.append(Person(start_session(db, doctor.user_id, now=now), True, theirs))
    return people


def _patient(db: Any, i: int, clinician_id: uuid.UUID, now: datetime) -> Person:
    from portal_app.models import CheckIn
    from portal_app.services.care_team.messaging import start_thread
    from portal_app.services.identity.sessions import start_session
    from tests.factories import make_care_team_patient

    email = f"bench{i}.{uuid.uuid4().hex[:6]}@example.org"
    me, patient = make_care_team_patient(db, email, f"Bench {i}", clinician_id)
    thread = start_thread(db, me, None, "Sleep", "I wake up at night.", now=now)
    for day in range(1, 15):
        at = now - timedelta(days=day)
        db.add(CheckIn(id=uuid.uuid4(), patient_id=patient.id, local_date=at.date(),
                       mood=1 + day % 5, anxiety=day % 5, recorded_at=at,
                       created_at=at))  # fmt: skip
    return Person(start_session(db, me.user_id, now=now), False, str(thread.id))


def writes_in_database(marks: set[str], sessions: Any = None) -> dict[str, int]:
    """How many rows carry each mark (check-in notes and message bodies)."""
    import sqlalchemy as sa

    from portal_app.db import session_scope

    found: dict[str, int] = defaultdict(int)
    with (sessions or session_scope)() as db:
        for query in (
            "SELECT note FROM check_in WHERE note LIKE 'bench-%'",
            "SELECT body FROM message WHERE body LIKE 'bench-%'",
        ):
            for (text,) in db.connection().execute(sa.text(query)):
                if text in marks:
                    found[text] += 1
    return found
