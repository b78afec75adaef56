"""Clinic admins search their own clinic's audit trail, and export it safely as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.audit_search import AuditFilter, export_csv, search
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.common import audit

CLINIC = demo_id("clinic", "steady-demo")
ADMIN = Actor(
    user_id=demo_id("user", "admin@example.org"), role=Role.CLINIC_ADMIN, clinic_id=CLINIC
)
DAY = date(2020, 3, 1)  # long before any browser-test activity in the shared database
AT = datetime(2020, 3, 1, 15, 0, tzinfo=UTC)
THAT_DAY = AuditFilter(since=DAY, until=DAY)
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def events(db) -> None:
    rivera, jordan = demo_id("user", "dr.rivera@example.org"), demo_id("user", "jordan@example.org")
    alex_patient = demo_id("patient", "alex@example.org")
    audit.record(
        db, "sign_in.passkey", now=AT, actor_id=jordan, clinic_id=CLINIC, client_address="=1+1"
    )
    audit.record(
        db,
        "check_ins.read",
        now=AT + timedelta(minutes=5),
        actor_id=rivera,
        patient_id=alex_patient,
        clinic_id=CLINIC,
        category="check_ins",
    )
    audit.record(db, "sign_in.password", now=AT, clinic_id=demo_id("clinic", "elsewhere"))
    audit.record(
        db, "sign_in.password", now=AT - timedelta(days=1), actor_id=jordan, clinic_id=CLINIC
    )


def test_only_our_clinic_on_the_chosen_days_newest_first(db, events) -> None:
    rows, older = search(db, ADMIN, THAT_DAY, now=NOW)
    assert [r.action for r in rows] == ["check_ins.read", "sign_in.passkey"] and not older
    assert rows[0].who == "Dr. Ana Rivera" and rows[0].patient == "Alex Morgan"
    assert rows[0].when == "2020-03-01 10:05"  # in the clinic's own time zone (New York)


@pytest.mark.parametrize(
    ("wanted", "actions"),
    [
        (AuditFilter(since=DAY, until=DAY, action="sign_in"), ["sign_in.passkey"]),
        (AuditFilter(since=DAY, until=DAY, person="ALEX"), ["check_ins.read"]),
        (AuditFilter(since=DAY, until=DAY, person="jordan@"), ["sign_in.passkey"]),
        (
            AuditFilter(since=DAY - timedelta(days=1), until=DAY, person="jordan"),
            ["sign_in.passkey", "sign_in.password"],
        ),
    ],
)
def test_filters(db, events, wanted: AuditFilter, actions: list[str]) -> None:
    assert [r.action for r in search(db, ADMIN, wanted, now=NOW)[0]] == actions


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.PATIENT, Role.CAREGIVER])
def test_nobody_else_may_search(db, events, role: Role) -> None:
    with pytest.raises(NotFound):
        search(db, Actor(user_id=ADMIN.user_id, role=role, clinic_id=CLINIC), THAT_DAY, now=NOW)


def test_the_csv_cannot_run_formulas_and_exporting_is_itself_recorded(db, events) -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(db, ADMIN, THAT_DAY, now=NOW))))
    assert [r["action"] for r in rows] == ["check_ins.read", "sign_in.passkey"]
    assert rows[1]["address"] == "'=1+1"
    recorded = db.exec(select(AuditEvent.action).where(AuditEvent.at == NOW)).all()
    assert recorded == ["audit.exported"]


def test_a_long_trail_is_read_a_page_at_a_time(db, events) -> None:
    """Found: 200 events on one screen, about 42,000 px to scroll."""
    for minute in range(60):
        audit.record(
            db, "page.test", now=AT + timedelta(minutes=minute), actor_id=None, clinic_id=CLINIC
        )
    wanted = AuditFilter(since=DAY, until=DAY, action="page.test")
    first, more = search(db, ADMIN, wanted, now=NOW)
    second, still_more = search(db, ADMIN, wanted, now=NOW, page=1)
    last, none_after = search(db, ADMIN, wanted, now=NOW, page=2)
    assert (len(first), more, len(second), still_more, len(last), none_after) == (
        25,
        True,
        25,
        True,
        10,
        False,
    )
    seen = [r.when for r in first + second + last]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 60


def test_an_evening_event_belongs_to_the_admins_own_day(db) -> None:
    """Found with the evening dose bug: SQLite compares stored UTC times as text, so a day
    written in New York time took in the previous evening (after 19:00) as the next day."""
    evening = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)  # 20:00 on March 1 in New York
    audit.record(db, "sign_in.email_link", now=evening, clinic_id=CLINIC)
    march_2 = AuditFilter(since=date(2020, 3, 2), until=date(2020, 3, 2))
    assert "sign_in.email_link" not in [r.action for r in search(db, ADMIN, march_2, now=NOW)[0]]
    march_1 = AuditFilter(since=date(2020, 3, 1), until=date(2020, 3, 1))
    assert "sign_in.email_link" in [r.action for r in search(db, ADMIN, march_1, now=NOW)[0]]
