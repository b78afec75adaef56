"""Failures during load, and what must hold afterwards (bench/cluster_load.py --failures, and
the short version in tests/cluster/).

PostgreSQL and Redis here are private instances started for the run (a restart of the
machine's own would break everyone else using them). During the two-host load: one app host
is killed (SIGKILL) and started again, Redis is restarted, PostgreSQL is restarted. Then:
every write the screen said was kept is in the database exactly once, no write is there
twice, every due reminder was pushed exactly once, the audit chain verifies, and people whose
host died were back (reconnected and hydrated) within 5 s.
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import subprocess
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.cluster_people import Person, Tally, crowd, percentile, writes_in_database
from deploy.local_cluster import LocalCluster, Process, free_port

BACK_WITHIN_S = 5.0


def _as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def postgres_tools() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@dataclass
class PrivatePostgres:
    """A PostgreSQL server of our own on a loopback port, in a folder of our own."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        tools = postgres_tools()
        assert tools is not None
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        command = [*_as_postgres_user(), str(tools / "pg_ctl"), "-D", str(self.folder / "data")]
        command += ["-o", options, "-l", str(self.folder / "postgres.log"), "-w", *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> PrivatePostgres:
        tools = postgres_tools()
        if tools is None:
            raise RuntimeError("PostgreSQL's server programs are not installed")
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # the postgres user must reach its folder (temp folders are 0700)
            shutil.chown(self.folder, "postgres", "postgres")
            parent = self.folder.parent
            parent.chmod(parent.stat().st_mode | 0o011)
        initdb = [*_as_postgres_user(), str(tools / "initdb"), "-D", str(self.folder / "data")]
        initdb += ["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]
        subprocess.run(initdb, check=True, capture_output=True, timeout=120)
        self._ctl("start")
        return self

    def restart(self) -> float:
        started = time.monotonic()
        self._ctl("-m", "fast", "restart")
        return time.monotonic() - started

    def stop(self) -> None:
        if (self.folder / "data" / "postmaster.pid").exists():
            self._ctl("-m", "fast", "stop")


@dataclass
class PrivateRedis:
    """A Redis server of our own (append-only file on, so a restart keeps what it held)."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.folder.mkdir(parents=True, exist_ok=True)
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        command = [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "yes", "--dir", str(self.folder)]
        # What Reflex turns on at start, in the config so a restart keeps it (deploy/README.md).
        command += ["--notify-keyspace-events", "K$sgxe"]
        self.process = Process("redis", command, dict(os.environ), self.folder / "redis.log")
        self.process.start()
        import redis

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def restart(self) -> float:
        started = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


def due_reminders(
    people: list[Person],
    count: int,
    push_origin_device: object,
    sessions: Any = None,
    *,
    spread_s: int = 60,
) -> list:
    """`count` patients get a device (at the test push service) and a reminder falling due
    within `spread_s` seconds; returns the devices, in order."""
    from sqlmodel import select

    from portal_app.db import session_scope
    from portal_app.models import AuthSession, Patient, PushSubscription, Reminder
    from portal_app.services.identity.tokens import hash_token

    now = datetime.now(UTC)
    devices = []
    with (sessions or session_scope)() as db:
        for index, person in enumerate([p for p in people if not p.clinician][:count]):
            session = db.exec(
                select(AuthSession).where(AuthSession.token_hash == hash_token(person.token))
            ).one()
            patient = db.exec(select(Patient).where(Patient.user_id == session.user_id)).one()
            device = push_origin_device()  # type: ignore[operator]
            db.add(PushSubscription(user_id=session.user_id, endpoint=device.endpoint,
                                    p256dh=device.p256dh, auth=device.auth))  # fmt: skip
            at = now + timedelta(seconds=(2 * index) % spread_s)
            db.add(Reminder(key=f"bench:{uuid.uuid4().hex}", patient_id=patient.id,
                            user_id=session.user_id, kind="message", scheduled_for=at,
                            due_at=at))  # fmt: skip
            devices.append(device)
    return devices


@dataclass
class Faults:
    """When each fault happens, seconds after the measured window opens."""

    kill_host_at: float = 10.0
    host_back_at: float = 20.0
    redis_at: float | None = 25.0
    postgres_at: float | None = 40.0
    log: list[str] = field(default_factory=list)


async def make_trouble(
    cluster: LocalCluster,
    redis_server: PrivateRedis,
    postgres: PrivatePostgres | None,
    opens_at: float,
    faults: Faults,
) -> None:
    async def at(offset: float) -> None:
        await asyncio.sleep(max(0.0, opens_at + offset - time.monotonic()))

    await at(faults.kill_host_at)
    cluster.host(0).stop(kill=True)
    faults.log.append(f"{faults.kill_host_at:.0f} s: app host 1 killed (SIGKILL)")
    await at(faults.host_back_at)
    cluster.start_host(0)
    faults.log.append(f"{faults.host_back_at:.0f} s: app host 1 started again")
    if faults.redis_at is not None:
        await at(faults.redis_at)
        took = await asyncio.to_thread(redis_server.restart)
        faults.log.append(f"{faults.redis_at:.0f} s: Redis restarted ({took:.1f} s)")
    if postgres is not None and faults.postgres_at is not None:
        await at(faults.postgres_at)
        took = await asyncio.to_thread(postgres.restart)
        faults.log.append(f"{faults.postgres_at:.0f} s: PostgreSQL restarted ({took:.1f} s)")


@dataclass
class Outcome:
    answered_writes: int
    unanswered_writes: int
    missing: int  # answered, not in the database
    doubled: int  # in the database more than once
    reminders: int
    pushed_once: int
    pushed_twice: int
    audit_ok: bool
    came_back: list[float]

    def data_holds(self) -> bool:
        """Every answered write kept exactly once, every due reminder pushed once, the audit
        chain intact: what must hold however slow the machine is."""
        return (
            self.missing == 0
            and self.doubled == 0
            and self.pushed_twice == 0
            and self.pushed_once == self.reminders
            and self.audit_ok
        )

    def holds(self, slowest_within: float = BACK_WITHIN_S) -> bool:
        """The data is right, 95% of people were back within 5 s, and everyone within
        `slowest_within` (the bench's goal; a timed test would only measure its machine)."""
        back = self.came_back or [0.0]
        return (
            self.data_holds()
            and percentile(back, 0.95) <= BACK_WITHIN_S
            and max(back) <= slowest_within
        )

    def lines(self) -> list[str]:
        back = (
            f"{len(self.came_back)} reconnections, p50 {percentile(self.came_back, 0.5):.1f} s, "
            f"p95 {percentile(self.came_back, 0.95):.1f} s, slowest {max(self.came_back):.1f} s"
            if self.came_back
            else "no reconnections"
        )
        return [
            f"writes answered as kept: {self.answered_writes}; in the database exactly once: "
            f"{self.answered_writes - self.missing}; missing: {self.missing}",
            f"writes sent but never answered: {self.unanswered_writes}; any write twice: "
            f"{self.doubled}",
            f"reminders due: {self.reminders}; pushed once: {self.pushed_once}; pushed twice: "
            f"{self.pushed_twice}",
            f"audit chain: {'verifies' if self.audit_ok else 'BROKEN'}",
            f"back after a drop: {back} (goal: within {BACK_WITHIN_S:.0f} s)",
        ]


def check_after(tally: Tally, push_service: object, devices: list, sessions: Any = None) -> Outcome:
    from portal_app.db import session_scope
    from portal_app.services.common.audit import verify_chain

    found = writes_in_database(tally.sent_marks, sessions)
    pushes = Counter(len(push_service.for_device(d)) for d in devices)  # type: ignore[attr-defined]
    with (sessions or session_scope)() as db:
        audit_ok = verify_chain(db).intact
    return Outcome(
        answered_writes=len(tally.acknowledged),
        unanswered_writes=len(tally.sent_marks - tally.acknowledged),
        missing=sum(1 for m in tally.acknowledged if found.get(m, 0) != 1),
        doubled=sum(1 for n in found.values() if n > 1),
        reminders=len(devices),
        pushed_once=pushes.get(1, 0),
        pushed_twice=sum(n for times, n in pushes.items() if times > 1),
        audit_ok=audit_ok,
        came_back=list(tally.rehydrate_s),
    )


async def load_with_faults(
    cluster: LocalCluster,
    people: list[Person],
    redis_server: PrivateRedis,
    postgres: PrivatePostgres | None,
    *,
    settle: float,
    seconds: float,
    faults: Faults,
) -> Tally:
    tally = Tally()
    opens_at = time.monotonic() + settle
    await asyncio.gather(
        crowd(cluster.origin, people, settle=settle, seconds=seconds, tally=tally),
        make_trouble(cluster, redis_server, postgres, opens_at, faults),
    )
    return tally


def wait_for_pushes(push_service: object, devices: list, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(push_service.for_device(d) for d in devices):  # type: ignore[attr-defined]
            time.sleep(3)  # anything sent twice would arrive now
            return
        time.sleep(1)
