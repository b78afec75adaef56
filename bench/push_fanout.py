"""Reminder fan-out: 10,000 due reminders pushed to a push service that takes 50 ms per
message, through the real dispatcher (claim, encrypt per device, one pooled client, record).

Prints messages/s and how late the last ones arrived (p50/p99/max after their due time),
next to a naive sender measured in the same run: pywebpush's own `webpush()` called once
per message, one after another (measured on a sample, since 10,000 x 50 ms is 8 minutes).
Targets: >= 500 messages/s, all 10,000 sent within 60 s of due.

    python bench/push_fanout.py [--reminders 10000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PATIENTS = 1000


def make_people(db, service) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """1,000 patients with one device each and check-in reminders on (no quiet hours)."""
    from portal_app.models import Patient, PushSubscription, ReminderSettings, Role, User
    from portal_app.services.clinic.demo_seed import demo_id
    from tests.push_service import PushDevice

    clinic, people = demo_id("clinic", "steady-demo"), []
    for n in range(PATIENTS):
        user = User(
            email=f"bench{n}@example.org", display_name="B", role=Role.PATIENT, clinic_id=clinic
        )
        db.add(user)
        db.flush()
        patient = Patient(
            user_id=user.id, clinic_id=clinic, preferred_name="B", date_of_birth=date(1990, 1, 1)
        )
        db.add(patient)
        db.flush()
        device = PushDevice(f"{service.origin}/slow/{n}")
        db.add(
            ReminderSettings(
                patient_id=patient.id, check_in_on=True, quiet_from="00:00", quiet_until="00:00"
            )
        )
        db.add(
            PushSubscription(
                user_id=user.id, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
            )
        )
        people.append((patient.id, user.id))
    return people


def add_due_reminders(db, people, count: int, due: datetime, label: str) -> None:
    from portal_app.services.medication.reminders import insert_new

    rows = [
        {
            "id": uuid.uuid4(),
            "key": f"bench:{label}:{n}",
            "patient_id": people[n % len(people)][0],
            "user_id": people[n % len(people)][1],
            "kind": "check_in",
            "scheduled_for": due,
            "due_at": due,
            "status": "pending",
            "claimed_by": "",
            "created_at": due,
        }
        for n in range(count)
    ]
    insert_new(db, rows)


def _worker(name: str, ready, go, results) -> None:
    """One `portal worker`-style process, already running when the reminders fall due."""
    from portal_app.background import build_dispatcher

    dispatcher = build_dispatcher(name)
    ready.put(name)
    go.wait()
    results.put(asyncio.run(dispatch_all(dispatcher)))


def run_workers(count: int, make_due) -> tuple[int, float, float]:
    """Start the workers, make the reminders due, and time until all are sent."""
    context = mp.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    workers = [
        context.Process(target=_worker, args=(f"bench-{n}", ready, go, results))
        for n in range(count)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=120)
    due = make_due()
    start = time.perf_counter()
    go.set()
    sent = sum(results.get(timeout=600) for _ in workers)
    elapsed = time.perf_counter() - start
    for worker in workers:
        worker.join()
    return sent, elapsed, due


async def dispatch_all(dispatcher) -> int:
    sent = 0
    try:
        while True:
            report = await dispatcher.run_once()
            if not report.claimed:
                return sent
            sent += report.sent
    finally:
        await dispatcher.close()


def naive(devices, vapid_file: Path) -> float:
    """pywebpush's documented one-call-per-message use: messages per second."""
    from pywebpush import webpush

    start = time.perf_counter()
    for device in devices:
        webpush(
            device.subscription(),
            data='{"title":"Steady","body":"You have a reminder."}',
            vapid_private_key=str(vapid_file),
            vapid_claims={"sub": "mailto:bench@example.org"},
            ttl=3600,
        )
    return len(devices) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--naive-sample", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="steady-bench-push-"))
    os.environ["PORTAL_DATA_DIR"] = str(work)
    os.environ["PORTAL_PUSH_EXTRA_HOSTS"] = "127.0.0.1"
    os.environ["PORTAL_REMINDERS_IN_PROCESS"] = "0"

    from portal_app.db import get_engine, session_scope
    from portal_app.services.clinic.demo_seed import seed_demo
    from portal_app.services.common.migrations import upgrade_database
    from portal_app.services.medication.push import create_vapid_keys
    from portal_app.settings import ensure_secret_file, get_settings
    from tests.push_service import PushDevice
    from tests.push_service_process import PushServiceProcess

    ensure_secret_file(work)
    upgrade_database(get_engine())
    settings = get_settings()
    create_vapid_keys(settings.vapid_file)
    with PushServiceProcess(delay=args.latency) as service:
        with session_scope() as db:
            seed_demo(db, datetime.now(UTC).date())
            people = make_people(db, service)
        rounds = []
        for workers in (1, 2):

            def make_due(label: str = f"w{workers}") -> float:
                due = datetime.now(UTC)
                with session_scope() as db:
                    add_due_reminders(db, people, args.reminders, due, label)
                return due.timestamp()

            sent, elapsed, due_time = run_workers(workers, make_due)
            rounds.append((workers, sent, elapsed, due_time, 0.0))
            time.sleep(0.5)  # every arrival of this round is in before the next is due
        samples = [PushDevice(f"{service.origin}/slow/naive{n}") for n in range(args.naive_sample)]
        naive_rate = naive(samples, settings.vapid_file)
        arrivals = service.received()
    per_message = f"{args.latency * 1000:.0f} ms per message at the push service"
    print(f"push fan-out: {args.reminders} due reminders, {per_message}")
    ok = True
    ends = [r[3] for r in rounds[1:]] + [float("inf")]
    for (workers, sent, elapsed, due_time, _), end in zip(rounds, ends, strict=True):
        mine = (at for path, at in arrivals if "/naive" not in path and due_time <= at < end)
        late = sorted(at - due_time for at in mine)
        rate = sent / elapsed
        p50, p99 = statistics.median(late), late[int(len(late) * 0.99) - 1]
        label = "1 process (the app's own loop)" if workers == 1 else f"{workers} worker processes"
        print(f"  {label}: {sent} sent, {rate:,.0f} messages/s, all done in {elapsed:.1f} s")
        print(f"    lateness after due: p50 {p50:.1f} s, p99 {p99:.1f} s, max {late[-1]:.1f} s")
        print(f"    speed-up over the baseline: {rate / naive_rate:,.0f}x")
        ok = ok and sent == args.reminders and late[-1] <= 60
        best = rate
    sample = f"{args.naive_sample} sampled"
    print(f"  baseline, pywebpush webpush() one at a time ({sample}): {naive_rate:,.1f} messages/s")
    ok = ok and best >= 500
    print("  targets (>= 500 messages/s, all within 60 s of due):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
