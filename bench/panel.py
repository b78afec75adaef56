"""The care team's panel at clinic scale, and event round trips with 200 people on the app.

1. Loads 10,000 patients and 1,000,000 check-ins (plus questionnaires, alerts, messages and
   refills) into a fresh SQLite file and a fresh PostgreSQL database (bulk: executemany on
   SQLite, COPY on PostgreSQL), then times the panel of a clinician with 500 patients: p50 and
   p95 (target p95 <= 50 ms). Baseline in the same run: a `SELECT 1` round trip.
2. Starts the production backend and connects 200 websocket clients, each a signed-in patient
   who opens Messages about once a second; prints the event round trip p50/p95 (target p95
   <= 100 ms) beside a trivial handler sent by the same clients in the same run.

    python bench/panel.py [--patients 10000] [--check-ins 1000000] [--clients 200] [--skip-ws]

PostgreSQL comes from PORTAL_TEST_DATABASE_URL (or postgresql://root@127.0.0.1:5432/postgres);
when it cannot be reached the PostgreSQL part says so and is skipped.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="steady-bench-panel-"))
os.environ.setdefault("PORTAL_DATA_DIR", str(WORK))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench.event_load import percentile, run_event_load  # noqa: E402
from portal_app.db import make_engine  # noqa: E402
from portal_app.models import (  # noqa: E402
    CareTeamMembership,
    Clinic,
    Language,
    Medicine,
    MessageThread,
    Patient,
    QuestionnaireResponse,
    RefillRequest,
    RiskAlert,
    Role,
    User,
)
from portal_app.services.access import Actor  # noqa: E402
from portal_app.services.care_team.care_panel import care_panel  # noqa: E402
from portal_app.services.common.migrations import upgrade_database  # noqa: E402
from tests.stack import as_driver_url, create_postgres_database, drop_postgres_database  # noqa: E402

PANEL_SIZE = 500
CHECK_IN_COLUMNS = (
    "id, patient_id, local_date, mood, anxiety, sleep_hours, tags, note, recorded_at, created_at"
)


def people(
    patients: int, now: datetime
) -> tuple[dict[str, list[dict[str, Any]]], uuid.UUID, uuid.UUID]:
    """Rows for a clinic: clinicians, patients and care teams. The first clinician has 500."""
    clinic_id = uuid.uuid4()
    clinicians = [uuid.uuid4() for _ in range(1 + (patients - PANEL_SIZE) // PANEL_SIZE)]
    rows: dict[str, list[dict[str, Any]]] = {"clinic": [], "user": [], "patient": [], "team": []}
    rows["clinic"].append(
        {"id": clinic_id, "slug": f"bench-{clinic_id.hex[:8]}", "name": "Bench Clinic"}
    )
    for i, cid in enumerate(clinicians):
        rows["user"].append(_user(cid, f"dr{i}", Role.CLINICIAN, clinic_id, now))
    for i in range(patients):
        uid, pid = uuid.uuid4(), uuid.uuid4()
        rows["user"].append(_user(uid, f"p{i}", Role.PATIENT, clinic_id, now))
        rows["patient"].append(
            {
                "id": pid,
                "user_id": uid,
                "clinic_id": clinic_id,
                "preferred_name": f"P{i}",
                "date_of_birth": date(1980, 1, 1),
                "timezone": "America/New_York",
                "check_in_tags": [],
                "created_at": now,
            }
        )
        clinician = (
            clinicians[0] if i < PANEL_SIZE else clinicians[1 + (i - PANEL_SIZE) // PANEL_SIZE]
        )
        rows["team"].append(
            {
                "id": uuid.uuid4(),
                "patient_id": pid,
                "clinician_id": clinician,
                "is_primary": True,
                "created_at": now,
            }
        )
    return rows, clinicians[0], clinic_id


def _user(
    uid: uuid.UUID, key: str, role: Role, clinic_id: uuid.UUID, now: datetime
) -> dict[str, Any]:
    return {
        "id": uid,
        "email": f"{key}.{uid.hex[:6]}@bench.example",
        "display_name": f"Person {key}",
        "role": role,
        "clinic_id": clinic_id,
        "language": Language.ENGLISH,
        "is_active": True,
        "created_at": now,
    }


def activity(
    rows: dict[str, list[dict[str, Any]]], clinician: uuid.UUID, now: datetime
) -> dict[str, list[dict[str, Any]]]:
    """What a clinic's patients do besides checking in: two PHQ-9 and two GAD-7 each, a risk
    alert for 1 in 100, a message waiting for 1 in 20, a refill waiting for 1 in 50."""
    extra: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("response", "alert", "thread", "medicine", "refill")
    }
    rng = random.Random(7)
    for n, patient in enumerate(rows["patient"]):
        pid = patient["id"]
        for instrument, top in (("phq9", 27), ("gad7", 21)):
            for weeks in (3, 1):
                total = rng.randint(0, top)
                extra["response"].append(
                    {
                        "id": uuid.uuid4(),
                        "patient_id": pid,
                        "instrument": instrument,
                        "answers": [],
                        "complete": True,
                        "total": total,
                        "started_at": now - timedelta(weeks=weeks),
                        "submitted_at": now - timedelta(weeks=weeks),
                        "created_at": now,
                    }
                )
        if n % 100 == 0:
            response_id = extra["response"][-1]["id"]
            extra["alert"].append(
                {
                    "id": uuid.uuid4(),
                    "patient_id": pid,
                    "clinic_id": patient["clinic_id"],
                    "response_id": response_id,
                    "reason": "phq9_item9",
                    "level": "high",
                    "opened_at": now,
                    "note": "",
                }
            )
        if n % 20 == 0:
            extra["thread"].append(
                {
                    "id": uuid.uuid4(),
                    "patient_id": pid,
                    "clinic_id": patient["clinic_id"],
                    "subject": "Question",
                    "waiting_since": now - timedelta(hours=n % 48),
                    "last_message_at": now,
                    "version": 1,
                    "created_at": now,
                }
            )
        if n % 50 == 0:
            medicine_id = uuid.uuid4()
            extra["medicine"].append(
                {
                    "id": medicine_id,
                    "patient_id": pid,
                    "name": "Medicine",
                    "dose": "1 tablet",
                    "instructions": "",
                    "reason": "",
                    "prescriber": "",
                    "started_on": now.date(),
                    "as_needed": False,
                    "times": ["08:00"],
                    "weekdays": [],
                    "active": True,
                    "created_by": clinician,
                    "created_at": now,
                }
            )
            extra["refill"].append(
                {
                    "id": uuid.uuid4(),
                    "medicine_id": medicine_id,
                    "patient_id": pid,
                    "requested_at": now,
                    "requested_by": patient["user_id"],
                    "status": "pending",
                    "note": "",
                }
            )
    return extra


TABLES = {
    "clinic": Clinic,
    "user": User,
    "patient": Patient,
    "team": CareTeamMembership,
    "response": QuestionnaireResponse,
    "alert": RiskAlert,
    "thread": MessageThread,
    "medicine": Medicine,
    "refill": RefillRequest,
}


def check_in_rows(patient_ids: list[uuid.UUID], count: int, today: date) -> Any:
    """`count` check-ins spread over the patients, one a day going back, as plain tuples."""
    per_patient = max(1, count // len(patient_ids))
    stamp = datetime.now(UTC).replace(tzinfo=None)
    for pid in patient_ids:
        for day in range(per_patient):
            yield (
                uuid.uuid4(),
                pid,
                today - timedelta(days=day),
                1 + day % 5,
                day % 5,
                7.0,
                "[]",
                "",
                stamp,
                stamp,
            )


def bulk_load_check_ins(
    engine: sa.Engine, patient_ids: list[uuid.UUID], count: int, today: date
) -> None:
    rows = check_in_rows(patient_ids, count, today)
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.executemany(
                f"INSERT INTO check_in ({CHECK_IN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        r[0].hex,
                        r[1].hex,
                        r[2].isoformat(),
                        *r[3:8],
                        r[8].isoformat(" "),
                        r[9].isoformat(" "),
                    )
                    for r in rows
                ),
            )
        else:
            with cursor.copy(f"COPY check_in ({CHECK_IN_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        connection.commit()
    finally:
        connection.close()


def load(engine: sa.Engine, patients: int, check_ins: int) -> tuple[Actor, float]:
    """Everything into a migrated, empty database; returns the 500-patient clinician and seconds."""
    started, now = time.perf_counter(), datetime.now(UTC)
    upgrade_database(engine)
    rows, clinician, clinic_id = people(patients, now)
    rows.update(activity(rows, clinician, now))
    with engine.begin() as connection:
        for key, model in TABLES.items():
            if rows[key]:
                connection.execute(sa.insert(model.__table__), rows[key])  # type: ignore[attr-defined]
    bulk_load_check_ins(engine, [p["id"] for p in rows["patient"]], check_ins, now.date())
    with engine.begin() as connection:
        connection.execute(sa.text("ANALYZE"))
    return Actor(clinician, Role.CLINICIAN, clinic_id), time.perf_counter() - started


def time_panel(engine: sa.Engine, actor: Actor, rounds: int = 60) -> dict[str, float]:
    panel, baseline = [], []
    now = datetime.now(UTC)
    with Session(engine) as db:
        for i in range(rounds + 5):
            started = time.perf_counter()
            found = care_panel(db, actor, now=now, today=now.date())
            took = time.perf_counter() - started
            db.commit()
            started = time.perf_counter()
            db.execute(sa.text("SELECT 1")).one()
            quick = time.perf_counter() - started
            if i >= 5:  # the first rounds warm the caches
                panel.append(took * 1000)
                baseline.append(quick * 1000)
    assert len(found) == PANEL_SIZE, len(found)
    return {
        "p50": statistics.median(panel),
        "p95": percentile(panel, 0.95),
        "base50": statistics.median(baseline),
        "base95": percentile(baseline, 0.95),
        "flagged": sum(1 for r in found if r.flags),
    }


def bench_database(label: str, url: str, patients: int, check_ins: int) -> bool:
    engine = make_engine(as_driver_url(url))
    try:
        actor, load_s = load(engine, patients, check_ins)
        with engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT count(*) FROM check_in")).scalar_one()
        figures = time_panel(engine, actor)
    finally:
        engine.dispose()
    ok = figures["p95"] <= 50
    print(f"{label}: loaded {patients:,} patients and {stored:,} check-ins in {load_s:.1f} s")
    print(
        f"{label}: panel of {PANEL_SIZE} patients ({figures['flagged']} flagged): "
        f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms (target p95 <= 50 ms: "
        f"{'met' if ok else 'MISSED'}); baseline SELECT 1: p50 {figures['base50']:.2f} ms, "
        f"p95 {figures['base95']:.2f} ms"
    )
    return ok


def postgres_admin_url() -> str | None:
    url = os.environ.get("PORTAL_TEST_DATABASE_URL", "postgresql://root@127.0.0.1:5432/postgres")
    try:
        engine = sa.create_engine(as_driver_url(url), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return url
    except Exception as error:
        print(f"postgresql: not reachable ({type(error).__name__}); skipped")
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--check-ins", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--skip-ws", action="store_true")
    args = parser.parse_args()
    ok = bench_database("sqlite", f"sqlite:///{WORK / 'panel.db'}", args.patients, args.check_ins)
    admin = postgres_admin_url()
    if admin:
        url, name = create_postgres_database(admin)
        try:
            ok = bench_database("postgresql", url, args.patients, args.check_ins) and ok
        finally:
            drop_postgres_database(admin, name)
    if not args.skip_ws:
        ok = run_event_load(WORK, args.clients) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
