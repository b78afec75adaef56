"""What the operator's Prometheus reads at /metrics: how the portal is doing, never who.

Labels hold only fixed words (an area of the site, a status, a handler's name, an age band):
no person, clinic, address or path with an id in it can become a label. Counters and
latencies are this process's own (scrape each app host); the facts read from the database at
scrape time (reminders, open alerts) are the same whichever process answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from portal_app.models import Reminder, RiskAlert

REGISTRY = CollectorRegistry(auto_describe=True)
AREAS = ("api", "embed", "_event", "_upload", "clinic-icons", "icons", "static")

REQUESTS = Counter(
    "steady_http_requests",
    "HTTP requests answered, by area of the site and status class",
    ["area", "status"],
    registry=REGISTRY,
)
EVENTS = Histogram(
    "steady_event_seconds",
    "Time one live-connection event's handler took, by handler",
    ["handler"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)
SYNCED = Counter(
    "steady_sync_entries",
    "Entries devices sent from their offline outbox, by outcome",
    ["outcome"],
    registry=REGISTRY,
)
AGE_BANDS = ((timedelta(hours=1), "under_1h"), (timedelta(hours=24), "1h_to_24h"))


def area_of(path: str) -> str:
    """The first part of the path if it is a known area, else "page": never the path."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in AREAS else "page"


def status_class(code: int) -> str:
    return f"{code // 100}xx"


class DatabaseFacts(Collector):
    """Reminders by status, overdue ones, open risk alerts by age, and the connection pool."""

    def __init__(self, engine: Callable[[], Engine], clock: Callable[[], datetime]) -> None:
        self._engine, self._clock = engine, clock

    def describe(self) -> Iterator[Metric]:
        """The names only, without reading the database: registering this must work before
        the database exists (found: importing the app queried a table not yet made)."""
        yield GaugeMetricFamily("steady_reminders_last_24h", "", labels=["status"])
        yield GaugeMetricFamily("steady_reminders_overdue", "")
        yield GaugeMetricFamily("steady_open_risk_alerts", "", labels=["age"])
        yield GaugeMetricFamily("steady_db_pool_size", "")
        yield GaugeMetricFamily("steady_db_pool_checked_out", "")

    def collect(self) -> Iterator[Metric]:
        engine = self._engine()
        with Session(engine) as db:
            yield from database_facts(db, self._clock())
        yield from _pool(engine)


def database_facts(db: Session, now: datetime) -> list[Metric]:
    return [_reminders(db, now), _overdue(db, now), _open_alerts(db, now)]


def _reminders(db: Session, now: datetime) -> Metric:
    family = GaugeMetricFamily(
        "steady_reminders_last_24h",
        "Reminders due in the last 24 hours, by status",
        labels=["status"],
    )
    counts = db.exec(
        select(Reminder.status, func.count())
        .where(col(Reminder.due_at) > now - timedelta(hours=24), col(Reminder.due_at) <= now)
        .group_by(Reminder.status)
    ).all()
    found = dict(counts)
    for status in ("pending", "sending", "sent", "no_device", "failed", "done"):
        family.add_metric([status], float(found.get(status, 0)))
    return family


def _overdue(db: Session, now: datetime) -> Metric:
    late = db.exec(
        select(func.count())
        .select_from(Reminder)
        .where(Reminder.status == "pending", col(Reminder.due_at) < now - timedelta(minutes=5))
    ).one()
    return GaugeMetricFamily(
        "steady_reminders_overdue",
        "Reminders still waiting 5 minutes after they were due (no worker sending?)",
        value=float(late),
    )


def _open_alerts(db: Session, now: datetime) -> Metric:
    family = GaugeMetricFamily(
        "steady_open_risk_alerts", "Risk alerts no clinician has answered, by age", labels=["age"]
    )
    opened = db.exec(
        select(RiskAlert.opened_at).where(col(RiskAlert.acknowledged_at).is_(None))
    ).all()
    bands = {label: 0 for _limit, label in AGE_BANDS} | {"over_24h": 0}
    for at in opened:
        age = now - (at if at.tzinfo else at.replace(tzinfo=now.tzinfo))
        bands[next((label for limit, label in AGE_BANDS if age < limit), "over_24h")] += 1
    for label, count in bands.items():
        family.add_metric([label], float(count))
    return family


def _pool(engine: Engine) -> Iterator[Metric]:
    pool = engine.pool
    for name, read, meaning in (
        ("steady_db_pool_size", "size", "Database connections this process keeps open"),
        ("steady_db_pool_checked_out", "checkedout", "Database connections in use right now"),
    ):
        value = getattr(pool, read, None)
        if callable(value):
            yield GaugeMetricFamily(name, meaning, value=float(value()))


def exposition() -> bytes:
    return generate_latest(REGISTRY)
