"""The figures /metrics reads from the database: open risk alerts by age band and reminders
by status, moving exactly with what happens (counted before and after, in one transaction)."""

from __future__ import annotations

from datetime import timedelta

from portal_app.models import Reminder
from portal_app.services.operations.metrics import database_facts
from tests.unit.test_risk_alerts import T0, patient_with_alert


def figures(db) -> dict[tuple[str, tuple[str, ...]], float]:
    return {
        (sample.name, tuple(sample.labels.values())): sample.value
        for family in database_facts(db, T0)
        for sample in family.samples
    }


def test_open_alerts_are_counted_in_their_age_band(db) -> None:
    before = figures(db)
    patient_with_alert(db, "metric.one@example.org", minutes_ago=30)
    patient_with_alert(db, "metric.two@example.org", minutes_ago=180)
    patient_with_alert(db, "metric.three@example.org", minutes_ago=60 * 30)
    after = figures(db)
    moved = {
        key[1][0]: after[key] - before[key] for key in after if key[0] == "steady_open_risk_alerts"
    }
    assert moved == {"under_1h": 1, "1h_to_24h": 1, "over_24h": 1}


def test_reminders_are_counted_by_status_and_late_ones_stand_out(db) -> None:
    _actor, patient = patient_with_alert(db, "metric.four@example.org")
    before = figures(db)
    for n, (status, minutes_ago) in enumerate([("sent", 60), ("failed", 90), ("pending", 20)]):
        db.add(
            Reminder(
                key=f"metric-test:{patient.id}:{n}",
                patient_id=patient.id,
                user_id=patient.user_id,
                kind="check_in",
                scheduled_for=T0 - timedelta(minutes=minutes_ago),
                due_at=T0 - timedelta(minutes=minutes_ago),
                status=status,
            )
        )
    db.flush()
    after = figures(db)
    moved = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    assert moved == {
        ("steady_reminders_last_24h", ("sent",)): 1,
        ("steady_reminders_last_24h", ("failed",)): 1,
        ("steady_reminders_last_24h", ("pending",)): 1,
        ("steady_reminders_overdue", ()): 1,  # 20 minutes late: nobody sent it
    }


def test_registering_the_figures_reads_no_database(tmp_path) -> None:
    """The app registers them when it is imported: before `portal migrate` has made a
    single table, as the build does (found: the import queried `reminder`)."""
    from datetime import UTC, datetime

    from prometheus_client import CollectorRegistry

    from portal_app.db import make_engine
    from portal_app.services.operations.metrics import DatabaseFacts

    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    registry = CollectorRegistry(auto_describe=True)
    registry.register(DatabaseFacts(lambda: empty, lambda: datetime.now(UTC)))
    empty.dispose()
