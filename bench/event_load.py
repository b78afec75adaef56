"""Event round trips with many people on the app at once (used by bench/panel.py).

The production backend runs in its own process on a fresh SQLite database. Each client is a
signed-in patient with a conversation, speaking Reflex's websocket protocol: after a pause to
read, it opens Messages (a real page load: session check, database reads, an audit entry) or,
every other time, sends a trivial handler. Both are timed from send to the reply.

Two rounds: normal use (a pause of 1.5 to 4.5 s between actions, about 67 events/s from 200
people), which the target is for, and a busy round (0.5 to 1.5 s, about 200 events/s) to show
how the tail grows when one process is saturated.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
STATE = "reflex___state____state.portal_app___state___"
APP_EVENT = STATE + "messages____messages_state.load_messages"
TRIVIAL_EVENT = STATE + "notice____notice_state.dismiss"
SECONDS = 20.0
SETTLE = 3.0  # connecting 200 sockets takes a moment; those first seconds are not counted
ROUNDS = (("normal use", 1.5, 4.5), ("busy", 0.5, 1.5))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(data_dir: Path, clients: int) -> list[str]:
    """A migrated, seeded database with one patient (and one conversation) per client."""
    from portal_app.db import get_engine, session_scope
    from portal_app.services.care_team.messaging import start_thread
    from portal_app.services.clinic.demo_seed import demo_id, seed_demo
    from portal_app.services.common.migrations import upgrade_database
    from portal_app.services.identity.sessions import start_session
    from portal_app.settings import ensure_secret_file
    from tests.factories import make_care_team_patient

    ensure_secret_file(data_dir)
    upgrade_database(get_engine())
    now = datetime.now(UTC)
    with session_scope() as db:
        seed_demo(db, now.date())
    tokens = []
    with session_scope() as db:
        for i in range(clients):
            me, _ = make_care_team_patient(
                db,
                f"load{i}.{uuid.uuid4().hex[:6]}@example.org",
                f"Load {i}",
                demo_id("user", "dr.rivera@example.org"),
            )
            start_thread(db, me, None, "Sleep", "I wake up at night.", now=now)
            tokens.append(start_session(db, me.user_id, now=now))
    return tokens


def start_backend(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PORTAL_DATA_DIR": str(data_dir),
        "PORTAL_ENV": "prod",
        "PORTAL_PUBLIC_ORIGIN": f"http://localhost:{port}",
        "PORTAL_REMINDERS_IN_PROCESS": "0",
        "REFLEX_WEB_WORKDIR": str(data_dir / "web"),
        "REFLEX_STATES_WORKDIR": str(data_dir / "states"),
        "REFLEX_USE_NPM": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    # The same ASGI app `reflex run --env prod` serves, without building the frontend.
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "portal_app.portal_app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    log = (data_dir / "backend.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the backend did not start; see " + str(data_dir / "backend.log"))


async def signed_in_socket(
    origin: str, token: str, tab_token: str | None = None
) -> tuple[Any, asyncio.Queue[dict]]:
    """A websocket as the browser opens it, with the person's session cookie (and the tab's
    own token, to come back to its state); every update the server sends lands in the queue.
    Raises socketio's ConnectionError if refused."""
    import socketio

    from portal_app.services.identity.sessions import SESSION_COOKIE

    replies: asyncio.Queue[dict] = asyncio.Queue()
    client = socketio.AsyncClient(reconnection=False)
    client.on("event", replies.put_nowait, namespace="/_event")
    await client.connect(
        f"{origin}/_event?token={tab_token or uuid.uuid4()}",
        socketio_path="/_event",
        namespaces=["/_event"],
        transports=["websocket"],
        headers={"Cookie": f"{SESSION_COOKIE}={token}"},
        wait_timeout=10,
    )
    return client, replies


async def one_person(
    origin: str, token: str, pause: tuple[float, float], times: dict[str, list[float]]
) -> None:
    client, replies = await signed_in_socket(origin, token)
    rng, turn = random.Random(token), 0
    start = time.monotonic()
    counted_from, until = start + SETTLE, start + SETTLE + SECONDS
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(*pause))
        name = APP_EVENT if turn % 2 == 0 else TRIVIAL_EVENT
        started = time.perf_counter()
        await client.emit(
            "event",
            {
                "name": name,
                "payload": {},
                "router_data": {"pathname": "/messages", "asPath": "/messages"},
            },
            namespace="/_event",
        )
        await asyncio.wait_for(replies.get(), 30)  # one update answers each of these events
        if time.monotonic() >= counted_from:
            times[name].append((time.perf_counter() - started) * 1000)
        turn += 1
    await client.disconnect()


async def load(
    origin: str, tokens: list[str], pause: tuple[float, float]
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {APP_EVENT: [], TRIVIAL_EVENT: []}
    await asyncio.gather(*(one_person(origin, t, pause, times) for t in tokens))
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_event_load(work: Path, clients: int) -> bool:
    data_dir = work / "events"
    data_dir.mkdir(exist_ok=True)
    os.environ["PORTAL_DATA_DIR"] = str(data_dir)
    os.environ.pop("PORTAL_DATABASE_URL", None)
    from portal_app.db import get_engine
    from portal_app.settings import get_settings

    get_settings.cache_clear()  # type: ignore[attr-defined]
    get_engine.cache_clear()  # type: ignore[attr-defined]
    tokens = prepare(data_dir, clients)
    port = free_port()
    backend = start_backend(data_dir, port)
    met = True
    try:
        for label, low, high in ROUNDS:
            times = asyncio.run(load(f"http://localhost:{port}", tokens, (low, high)))
            app, trivial = times[APP_EVENT], times[TRIVIAL_EVENT]
            app_p95 = percentile(app, 0.95)
            ok = app_p95 <= 100
            if label == ROUNDS[0][0]:
                met = ok
            print(
                f"events, {label}: {clients} clients, a pause of {low}-{high} s between actions, "
                f"{len(app) + len(trivial):,} events in {SECONDS:.0f} s "
                f"({(len(app) + len(trivial)) / SECONDS:.0f}/s)"
            )
            verdict = (
                f" (target p95 <= 100 ms: {'met' if ok else 'MISSED'})"
                if label == ROUNDS[0][0]
                else ""
            )
            print(
                f"events, {label}: open Messages p50 {statistics.median(app):.1f} ms, p95 "
                f"{app_p95:.1f} ms{verdict}; "
                f"trivial handler p50 {statistics.median(trivial):.1f} ms, "
                f"p95 {percentile(trivial, 0.95):.1f} ms"
            )
    finally:
        backend.terminate()
        backend.wait(timeout=30)
    return met
