"""Load on a cluster: 1,000 signed-in patients and 50 clinicians over raw Socket.IO, against
one app process and then two, behind nginx, on PostgreSQL and Redis (deploy/local_cluster.py).

Patients go round: open Check in, save a check-in, open Trends, open Messages, read their
conversation, send a message, and a trivial handler; clinicians open the panel, Messages and
a conversation. Each pauses 1.5-4.5 s between actions (about 300 events/s at 1,000 people).
Each action is timed from send to its last update. Goal: p95 <= 150 ms at 1,000 patients
with two processes, and two handling more than one.

    python bench/cluster_load.py [--patients 1000] [--clinicians 50] [--sizes 300]
        [--seconds 40] [--settle 20]
    python bench/cluster_load.py --failures --patients 300 --clinicians 15
        # the two-process run with faults: an app host killed (and started again), Redis
        # and PostgreSQL restarted (private instances this bench starts); then the data is
        # checked (bench/cluster_failure.py)

Each crowd size in --sizes runs too, so the table shows where each setup still holds the
goal. People arrive over --settle seconds (connecting and loading their first page); only
the --seconds after that are measured. The CPU each side used is printed, since the load
generator shares the machine.

PostgreSQL and Redis: PORTAL_TEST_DATABASE_URL / PORTAL_TEST_REDIS_URL or the loopback
defaults (a fresh database is made and dropped). Needs nginx (`make nginx`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cluster_people import (  # noqa: E402
    TRIVIAL,
    Tally,
    crowd,
    make_people,
    percentile,
)
from deploy.local_cluster import LocalCluster  # noqa: E402

DEFAULT_DATABASE = "postgresql://root@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
GOAL_P95_MS = 150.0


def report(hosts: int, people: int, seconds: float, tally: Tally) -> dict[str, float]:
    """Print one run's table; returns its headline figures."""
    counted = sum(len(v) for v in tally.times.values())
    errors = sum(tally.errors.values())
    print(f"\n{hosts} app process(es) behind nginx, {people} people: {counted:,} events "
          f"measured in {seconds:.0f} s ({counted / seconds:.0f}/s), {errors} errors "
          f"{dict(tally.errors) if errors else ''}")  # fmt: skip
    print(f"  {'action':<20} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for label, values in sorted(tally.times.items()):
        p50, p95, p99 = (percentile(values, s) for s in (0.5, 0.95, 0.99))
        print(f"  {label:<20} {len(values):>6} {p50:>6.1f}ms {p95:>6.1f}ms {p99:>6.1f}ms")
    real = [t for label, v in tally.times.items() if label != TRIVIAL for t in v]
    trivial = tally.times.get(TRIVIAL, [])
    figures = {
        "rate": counted / seconds,
        "errors": float(errors),
        "p50": percentile(real, 0.5) if real else float("nan"),
        "p95": percentile(real, 0.95) if real else float("nan"),
        "p99": percentile(real, 0.99) if real else float("nan"),
        "trivial_p95": percentile(trivial, 0.95) if trivial else float("nan"),
    }
    print(f"  {'all real actions':<20} {len(real):>6} {figures['p50']:>6.1f}ms "
          f"{figures['p95']:>6.1f}ms {figures['p99']:>6.1f}ms")  # fmt: skip
    return figures


def cpu_seconds(pid: int | None) -> float:
    """CPU time a process has used so far (user + system), from /proc."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_round(
    work: Path, database: str, redis_url: str, hosts: int, people: list, args: argparse.Namespace
) -> dict[str, float]:
    cluster = LocalCluster(work, database, redis_url, hosts=hosts)
    cluster.start()
    tally = Tally()
    apps = [cluster.host(i).pid for i in range(hosts)]
    before = [cpu_seconds(pid) for pid in apps], time.process_time(), time.monotonic()
    try:
        asyncio.run(
            crowd(cluster.origin, people, settle=args.settle, seconds=args.seconds, tally=tally)
        )
        wall = time.monotonic() - before[2]
        app_cpu = sum(cpu_seconds(pid) - b for pid, b in zip(apps, before[0], strict=True))
    finally:
        cluster.stop()
    figures = report(hosts, len(people), args.seconds, tally)
    figures["app_cores"] = app_cpu / wall
    figures["bench_cores"] = (time.process_time() - before[1]) / wall
    print(f"  CPU in use: app processes {figures['app_cores']:.2f} cores, this load generator "
          f"{figures['bench_cores']:.2f} cores (of {os.cpu_count()})")  # fmt: skip
    return figures


def crowd_of(people: list, patients: int) -> list:
    """The first `patients` patients and one clinician for every 20 of them."""
    doctors = [p for p in people if p.clinician]
    return [p for p in people if not p.clinician][:patients] + doctors[: max(1, patients // 20)]


def failure_run(work: Path, people_count: tuple[int, int], args: argparse.Namespace) -> int:
    """The two-host load with faults, on private PostgreSQL and Redis; then the checks."""
    from bench.cluster_failure import (
        Faults,
        PrivatePostgres,
        PrivateRedis,
        check_after,
        due_reminders,
        load_with_faults,
        wait_for_pushes,
    )
    from tests.push_service import FakePushService
    from tests.stack import create_postgres_database

    postgres = PrivatePostgres(work / "postgres").start()
    redis_server = PrivateRedis(work / "redis").start()
    cluster = None
    try:
        database, _ = create_postgres_database(postgres.admin_url)
        os.environ.update({"PORTAL_DATABASE_URL": database, "PORTAL_PUSH_EXTRA_HOSTS": "127.0.0.1"})
        LocalCluster(work, database, redis_server.url).prepare(seed=True, build=False)
        people = make_people(*people_count)
        with FakePushService() as push_service:
            devices = due_reminders(people, 100, push_service.device)
            cluster = LocalCluster(work, database, redis_server.url, hosts=2, workers=2)
            cluster.start()
            faults = Faults()
            tally = asyncio.run(
                load_with_faults(cluster, people, redis_server, postgres,
                                 settle=args.settle, seconds=args.seconds, faults=faults)
            )  # fmt: skip
            wait_for_pushes(push_service, devices)
            outcome = check_after(tally, push_service, devices)
        report(2, len(people), args.seconds, tally)
        print("\nfaults:", *faults.log, sep="\n  ")
        print("afterwards:", *outcome.lines(), sep="\n  ")
        print("all held" if outcome.holds() else "SOMETHING DID NOT HOLD")
        return 0 if outcome.holds() else 1
    finally:
        if cluster is not None:
            cluster.stop()
        redis_server.stop()
        postgres.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--clinicians", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--settle", type=float, default=20.0)
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--sizes", default="300", help="smaller crowds to run too, e.g. 100,300")
    args = parser.parse_args()
    # Stopped from outside (timeout, Ctrl+C): still stop every process this bench started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        print("nginx is needed: sudo apt-get install nginx (or make nginx)")
        return 2
    work = Path(tempfile.mkdtemp(prefix="steady-bench-cluster-"))
    os.environ["PORTAL_DATA_DIR"] = str(work / "bench")
    if args.failures:
        try:
            return failure_run(work, (args.patients, args.clinicians), args)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    admin = os.environ.get("PORTAL_TEST_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("PORTAL_TEST_REDIS_URL", DEFAULT_REDIS)
    from tests.stack import create_postgres_database, drop_postgres_database

    database, name = create_postgres_database(admin)
    os.environ["PORTAL_DATABASE_URL"] = database
    sizes = sorted({*(int(n) for n in args.sizes.split(",") if n), args.patients})
    rows: list[tuple[int, int, dict[str, float]]] = []
    try:
        LocalCluster(work, database, redis_url).prepare(seed=True, build=False)
        started = time.monotonic()
        people = make_people(args.patients, args.clinicians)
        print(f"{args.patients} patients and {args.clinicians} clinicians ready in "
              f"{time.monotonic() - started:.0f} s", flush=True)  # fmt: skip
        for size in sizes:
            for hosts in (1, 2):
                crowd_now = crowd_of(people, size)
                rows.append((size, hosts, run_round(work, database, redis_url, hosts,
                                                    crowd_now, args)))  # fmt: skip
    finally:
        drop_postgres_database(admin, name)
        shutil.rmtree(work, ignore_errors=True)
    return summary(rows, args.patients)


def summary(rows: list[tuple[int, int, dict[str, float]]], goal_size: int) -> int:
    print(
        f"\n{'patients':>8} {'processes':>9} {'events/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'trivial p95':>11} {'errors':>6} {'app cores':>9} {'bench cores':>11}"
    )
    for size, hosts, f in rows:
        print(f"{size:>8} {hosts:>9} {f['rate']:>8.0f} {f['p50']:>7.1f} {f['p95']:>7.1f} "
              f"{f['p99']:>7.1f} {f['trivial_p95']:>11.1f} {f['errors']:>6.0f} "
              f"{f['app_cores']:>9.2f} {f['bench_cores']:>11.2f}")  # fmt: skip
    one = next(f for size, hosts, f in rows if size == goal_size and hosts == 1)
    two = next(f for size, hosts, f in rows if size == goal_size and hosts == 2)
    met = two["p95"] <= GOAL_P95_MS and two["errors"] == 0
    better = two["rate"] > one["rate"] and two["p95"] < one["p95"]
    print(f"goal at {goal_size} patients, two processes: p95 <= {GOAL_P95_MS:.0f} ms with no "
          f"errors: {'met' if met else 'MISSED'} ({two['p95']:.1f} ms); two processes handle "
          f"more than one: {'yes' if better else 'NO'} ({two['rate']:.0f} vs "
          f"{one['rate']:.0f} events/s)")  # fmt: skip
    return 0 if met and better else 1


if __name__ == "__main__":
    sys.exit(main())
