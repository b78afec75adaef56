"""Offline outbox sync: entries per second for a 1,000-entry outbox over real HTTP, and proof
that a connection cut mid-way loses nothing and stores nothing twice.

The portal's own API routes run under uvicorn on a fresh SQLite database (or the database in
PORTAL_TEST_DATABASE_URL). A client does what a phone does (outbox.js): batches of 100,
delete only what the server confirms, send the rest again. A fault layer drops the response
of every 4th sync request after the server has stored the batch, as a dropped mobile
connection would. The baseline, measured in the same run, is the round trip of /api/health.

    python bench/sync.py [--entries 1000]
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BATCH = 100
TARGET = 2000  # entries per second, with nothing lost and nothing stored twice


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DropEveryNth:
    """ASGI layer: lets the app store the batch, then breaks the connection before the answer."""

    def __init__(self, app: Any, every: int) -> None:
        self.app, self.every, self.count, self.dropped = app, every, 0, 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/journal/sync":
            return await self.app(scope, receive, send)
        self.count += 1
        if self.count % self.every:
            return await self.app(scope, receive, send)

        async def swallow(_message: dict) -> None:
            return None

        await self.app(scope, receive, swallow)  # stored on the server...
        self.dropped += 1
        raise ConnectionAbortedError("the answer never reaches the phone")


def entries(count: int) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    return [
        {
            "kind": "check_in",
            "id": str(uuid.uuid4()),
            "recorded_at": now,
            "mood": 1 + i % 5,
            "anxiety": i % 5,
            "note": f"entry {i}",
        }
        for i in range(count)
    ]


def send_outbox(client: Any, outbox: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Send until empty, like outbox.js; returns (requests, failed requests)."""
    requests = failures = 0
    while outbox:
        batch = list(outbox.values())[:BATCH]
        requests += 1
        try:
            response = client.post("/api/journal/sync", json={"entries": batch})
            response.raise_for_status()
        except Exception:
            failures += 1  # the phone keeps everything and tries again
            continue
        for entry_id in response.json()["accepted"]:
            outbox.pop(entry_id, None)
    return requests, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="steady-bench-sync-"))
    os.environ.setdefault("PORTAL_DATA_DIR", str(work))
    if os.environ.get("PORTAL_TEST_DATABASE_URL"):
        os.environ["PORTAL_DATABASE_URL"] = os.environ["PORTAL_TEST_DATABASE_URL"]
    os.environ["PORTAL_PUBLIC_ORIGIN"] = "http://127.0.0.1"

    import httpx
    import uvicorn
    from sqlmodel import func, select

    from portal_app.api.routes import build_api
    from portal_app.db import get_engine, session_scope
    from portal_app.models import CheckIn, Patient
    from portal_app.services.clinic.demo_seed import seed_demo
    from portal_app.services.common.migrations import upgrade_database
    from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
    from portal_app.settings import ensure_secret_file
    from tests.factories import make_patient

    ensure_secret_file(Path(os.environ["PORTAL_DATA_DIR"]))
    upgrade_database(get_engine())
    with session_scope() as db:
        seed_demo(db, datetime.now(UTC).date())
    with session_scope() as db:
        user = make_patient(db, f"bench.{uuid.uuid4().hex[:8]}@example.org", "Bench Patient")
        patient_id = db.exec(select(Patient.id).where(Patient.user_id == user.id)).one()
        token = start_session(db, user.id, now=datetime.now(UTC))

    faulty = DropEveryNth(build_api(), every=4)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(faulty, host="127.0.0.1", port=port, log_level="critical")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)

    headers = {"Cookie": f"{SESSION_COOKIE}={token}", "Sec-Fetch-Site": "same-origin"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as client:
        rounds = args.entries // BATCH
        started = time.perf_counter()
        for _ in range(rounds):
            client.get("/api/health").raise_for_status()
        health_s = (time.perf_counter() - started) / rounds

        outbox = {e["id"]: e for e in entries(args.entries)}
        started = time.perf_counter()
        requests, failures = send_outbox(client, outbox)
        sync_s = time.perf_counter() - started

    server.should_exit = True

    with session_scope() as db:
        stored = db.exec(select(func.count()).where(CheckIn.patient_id == patient_id)).one()
        distinct = db.exec(
            select(func.count(func.distinct(CheckIn.note))).where(CheckIn.patient_id == patient_id)
        ).one()
    lost, duplicated = args.entries - distinct, stored - distinct
    print(f"database: {get_engine().url.get_backend_name()}")
    print(
        f"outbox: {args.entries} entries in batches of {BATCH}; {requests} requests, "
        f"{failures} answers cut off on the way (the server had stored the batch)"
    )
    print(
        f"sync: {sync_s:.2f} s, {args.entries / sync_s:,.0f} entries/s "
        f"({sync_s / requests * 1000:.1f} ms per batch request)"
    )
    print(
        f"baseline: /api/health round trip {health_s * 1000:.1f} ms "
        f"(a batch costs {sync_s / requests / health_s:.1f}x a health check)"
    )
    print(f"stored: {stored}, lost: {lost}, duplicated: {duplicated}")
    fast = args.entries / sync_s >= TARGET
    print(f"target >= {TARGET:,} entries/s, 0 lost, 0 duplicated: "
          f"{'met' if fast and lost == duplicated == 0 else 'MISSED'}")  # fmt: skip
    return 0 if lost == 0 and duplicated == 0 and failures > 0 and fast else 1


if __name__ == "__main__":
    sys.exit(main())
