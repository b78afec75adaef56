"""Event round trips with 500 signed-in patients doing real things, on PostgreSQL + Redis with
several workers, beside a trivial handler measured by the same clients in the same run.

Each simulated patient holds its own websocket (Reflex's Socket.IO protocol, as the browser
speaks it, session cookie and all) and goes round a journey, pausing 1.5-4.5 s between
actions as a person reading would: open Check in (the page's whole on_load chain), save a
check-in, open Messages, open Trends, and a trivial handler. Each action is timed from send
to the last update it brings (opening a page runs the page's whole on_load chain). The
target: p95 of the real actions <= 100 ms, and <= 1.5x the trivial handler's p95.

    python bench/journeys.py [--clients 500] [--workers 3] [--seconds 30]

PostgreSQL and Redis come from PORTAL_TEST_DATABASE_URL / PORTAL_TEST_REDIS_URL (or the
loopback defaults); a fresh database is made and dropped. Without them it says so and runs
on SQLite with one worker.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.event_load import free_port, percentile, signed_in_socket  # noqa: E402

STATE = "reflex___state____state."
PORTAL = STATE + "portal_app___state___"
ON_LOAD = STATE + "reflex___state____on_load_internal_state.on_load_internal"
# (label, event, payload, page): one round of the journey, in order.
JOURNEY: tuple[tuple[str, str, dict[str, Any], str], ...] = (
    ("open Check in", ON_LOAD, {}, "/check-in"),
    ("save a check-in", PORTAL + "check_in____check_in_state.save",
     {"form_data": {"mood": "4", "anxiety": "1", "sleep": "7", "note": ""}}, "/check-in"),
    ("open Messages", ON_LOAD, {}, "/messages"),
    ("open Trends", ON_LOAD, {}, "/trends"),
    ("trivial handler", PORTAL + "notice____notice_state.dismiss", {}, "/trends"),
)  # fmt: skip
TRIVIAL = "trivial handler"
PAUSE = (1.5, 4.5)
SETTLE = 10.0  # sockets connect spread over these seconds; nothing in them is counted
DEFAULT_DATABASE = "postgresql://root@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def reachable(database: str, redis_url: str) -> bool:
    import redis
    import sqlalchemy as sa

    from tests.stack import as_driver_url

    try:
        engine = sa.create_engine(as_driver_url(database))
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        redis.Redis.from_url(redis_url).ping()
    except Exception as problem:  # any failure means "not here"
        print(f"PostgreSQL/Redis not reachable ({type(problem).__name__}): running on SQLite")
        return False
    return True


def prepare(clients: int) -> list[str]:
    """Migrated and seeded; one patient per client with a care team, a conversation and two
    weeks of check-ins (so Trends has something to draw). Returns their session tokens."""
    from portal_app.db import get_engine, session_scope
    from portal_app.models import CheckIn
    from portal_app.services.care_team.messaging import start_thread
    from portal_app.services.clinic.demo_seed import demo_id, seed_demo
    from portal_app.services.common.migrations import upgrade_database
    from portal_app.services.identity.sessions import start_session
    from tests.factories import make_care_team_patient

    upgrade_database(get_engine())
    now = datetime.now(UTC)
    with session_scope() as db:
        seed_demo(db, now.date())
    tokens = []
    rivera = demo_id("user", "dr.rivera@example.org")
    with session_scope() as db:
        for i in range(clients):
            email = f"journey{i}.{uuid.uuid4().hex[:6]}@example.org"
            me, patient = make_care_team_patient(db, email, f"Journey {i}", rivera)
            start_thread(db, me, None, "Sleep", "I wake up at night.", now=now)
            for day in range(1, 15):
                at = now - timedelta(days=day)
                db.add(CheckIn(id=uuid.uuid4(), patient_id=patient.id, local_date=at.date(),
                               mood=1 + day % 5,
                               anxiety=day % 5, recorded_at=at, created_at=at))  # fmt: skip
            tokens.append(start_session(db, me.user_id, now=now))
    return tokens


def start_backend(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    """The ASGI app `reflex run --env prod` serves (no frontend build), with `workers`
    processes on one port, as a one-machine deployment runs it."""
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "portal_app.portal_app:app",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit(f"the backend did not start; see {log}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)


async def updates_per_action(origin: str, token: str) -> dict[str, int]:
    """How many updates each action brings (opening a page runs its whole on_load chain, one
    update per handler), counted on the idle server before the load: under load an update
    can come late, so each action then waits for exactly its own."""
    client, updates = await signed_in_socket(origin, token)
    counts = {}
    for label, name, payload, page in JOURNEY:
        router = {"pathname": page, "asPath": page, "query": {}}
        message = {"name": name, "payload": payload, "router_data": router}
        await client.emit("event", message, namespace="/_event")
        counts[label] = 0
        while True:
            try:
                await asyncio.wait_for(updates.get(), 1.5)
            except TimeoutError:
                break
            counts[label] += 1
    await client.disconnect()
    return counts


async def one_person(
    origin: str,
    token: str,
    window: tuple[float, float],
    expected: dict[str, int],
    times: dict[str, list[float]],
    errors: list[str],
) -> None:
    """One patient's websocket and journey; times are kept for actions sent inside `window`
    (monotonic seconds: from, until)."""
    import socketio

    rng = random.Random(token)
    await asyncio.sleep(rng.uniform(0, SETTLE - 2))  # people arrive over time
    for attempt in range(3):
        try:
            client, updates = await signed_in_socket(origin, token)
            break
        except socketio.exceptions.ConnectionError:
            errors.append("connect")  # counted: a refused connection is a failure too
            await asyncio.sleep(1 + attempt)
    else:
        return
    counted_from, until = window
    step = rng.randrange(len(JOURNEY))
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(*PAUSE))
        label, name, payload, page = JOURNEY[step % len(JOURNEY)]
        step += 1
        sent, counted = time.perf_counter(), time.monotonic() >= counted_from
        await client.emit(
            "event",
            {
                "name": name,
                "payload": payload,
                "router_data": {"pathname": page, "asPath": page, "query": {}},
            },
            namespace="/_event",
        )
        try:
            for _ in range(expected[label]):  # the action is done at its last update
                await asyncio.wait_for(updates.get(), 30)
        except TimeoutError:
            errors.append(label)
            continue
        if counted:
            times[label].append((time.perf_counter() - sent) * 1000)
    await client.disconnect()


async def load(origin: str, tokens: list[str], seconds: float) -> tuple[dict, list[str]]:
    expected = await updates_per_action(origin, tokens[0])
    print("updates per action:", expected, flush=True)
    counted_from = time.monotonic() + SETTLE
    window = (counted_from, counted_from + seconds)
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    people = (one_person(origin, t, window, expected, times, errors) for t in tokens)
    await asyncio.gather(*people)
    return times, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="steady-bench-journeys-"))
    database = os.environ.get("PORTAL_TEST_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("PORTAL_TEST_REDIS_URL", DEFAULT_REDIS)
    scaleout = reachable(database, redis_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env |= {
        "PORTAL_DATA_DIR": str(work),
        "PORTAL_ENV": "prod",
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),  # the bench's and the workers'
        "PORTAL_REMINDERS_IN_PROCESS": "0",
        "REFLEX_USE_NPM": "1",
        "REFLEX_WEB_WORKDIR": str(work / "web"),
        "REFLEX_STATES_WORKDIR": str(work / "states"),
    }
    dropped: tuple[str, str] | None = None
    if scaleout:
        from tests.stack import create_postgres_database

        url, name = create_postgres_database(database)
        dropped = (database, name)
        env |= {"PORTAL_DATABASE_URL": url, "PORTAL_REDIS_URL": redis_url}
    workers = args.workers if scaleout else 1
    port = free_port()
    env["PORTAL_PUBLIC_ORIGIN"] = f"http://localhost:{port}"
    os.environ.update({k: v for k, v in env.items() if k.startswith("PORTAL_")})
    backend = None
    try:
        print(f"preparing {args.clients} patients ...", flush=True)
        tokens = prepare(args.clients)
        backend = start_backend(env, port, workers, work / "backend.log")
        times, errors = asyncio.run(load(f"http://localhost:{port}", tokens, args.seconds))
        if errors:
            log = (work / "backend.log").read_text(errors="replace").splitlines()
            print("backend log (last lines):", *log[-15:], sep="\n  ")
    finally:
        if backend is not None:
            stop(backend)
        if dropped:
            from tests.stack import drop_postgres_database

            drop_postgres_database(*dropped)
        shutil.rmtree(work, ignore_errors=True)
    stack = f"PostgreSQL + Redis, {workers} workers" if scaleout else "SQLite, 1 worker"
    total = sum(len(v) for v in times.values())
    print(f"{args.clients} signed-in patients on {stack}; a pause of {PAUSE[0]}-{PAUSE[1]} s "
          f"between actions; {total:,} events in {args.seconds:.0f} s "
          f"({total / args.seconds:.0f}/s); {len(errors)} without an answer in 30 s")  # fmt: skip
    for label, *_ in JOURNEY:
        found = times[label]
        if found:
            p50, p95, p99 = (percentile(found, share) for share in (0.5, 0.95, 0.99))
            print(f"  {label:<18} n={len(found):5d}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
                  f"p99 {p99:6.1f} ms")  # fmt: skip
    real = [t for label, values in times.items() if label != TRIVIAL for t in values]
    trivial = times[TRIVIAL]
    if not real or not trivial:
        print("no events were measured")
        return 1
    real_p95, trivial_p95 = percentile(real, 0.95), percentile(trivial, 0.95)
    ok = real_p95 <= 100 and real_p95 <= 1.5 * trivial_p95 and not errors
    print(f"real actions p95 {real_p95:.1f} ms = {real_p95 / trivial_p95:.2f}x the trivial "
          f"handler's {trivial_p95:.1f} ms (target: <= 100 ms and <= 1.5x): "
          f"{'met' if ok else 'MISSED'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
