"""The care team's list screens read through indexes, on SQLite and on PostgreSQL.

SQLite: EXPLAIN QUERY PLAN may not show a full SCAN of a big table. PostgreSQL: with sequential
scans switched off for the session, the plan may hold no Seq Scan node on a big table; PostgreSQL
only uses one when no index can answer, so this fails exactly when an index is missing.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from portal_app.models import Message, MessageThread
from portal_app.services.care_team.care_panel import panel_query
from portal_app.services.care_team.care_team_inbox import SHOWS, inbox_query
from portal_app.services.clinic.demo_seed import demo_id

RIVERA = demo_id("user", "dr.rivera@example.org")
CLINIC = demo_id("clinic", "steady-demo")
# Tables that grow with every patient, every day: never read whole.
BIG = (
    "check_in",
    "questionnaire_response",
    "risk_alert",
    "message_thread",
    "message",
    "refill_request",
    "careteammembership",
    "audit_event",
    "appointment",
)


def sqlite_full_scans(db, statement) -> list[str]:
    compiled = statement.compile(db.get_bind(), compile_kwargs={"literal_binds": True})
    plan = db.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    details = [row[-1] for row in plan]
    scans = (re.match(rf"SCAN ({'|'.join(BIG)})\b(?!.*USING)", d) for d in details)
    return [scan.group(1) for scan in scans if scan]


def postgres_seq_scans(db, statement) -> list[str]:
    compiled = statement.compile(db.get_bind(), compile_kwargs={"literal_binds": True})
    db.execute(text("SET LOCAL enable_seqscan = off"))
    (plan,) = db.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).one()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found: list[str] = []

    def walk(node: dict) -> None:
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in BIG:
            found.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def unindexed(db, statement) -> list[str]:
    if db.get_bind().dialect.name == "sqlite":
        return sqlite_full_scans(db, statement)
    return postgres_seq_scans(db, statement)


STATEMENTS = {
    "panel": lambda: panel_query(RIVERA, CLINIC),
    "panel, searched": lambda: panel_query(RIVERA, CLINIC, "alex"),
    **{f"inbox {show}": (lambda show=show: inbox_query(RIVERA, CLINIC, show)) for show in SHOWS},
    "a thread's messages": lambda: (
        select(Message).where(Message.thread_id == uuid.uuid4()).order_by(col(Message.sent_at))
    ),
    "a patient's threads": lambda: (
        select(MessageThread)
        .where(MessageThread.patient_id == uuid.uuid4())
        .order_by(col(MessageThread.last_message_at).desc())
    ),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_list_screens_use_indexes(db, name: str) -> None:
    assert unindexed(db, STATEMENTS[name]()) == []


def test_the_check_detects_a_missing_index(db) -> None:
    """The same check on a filter no index serves must complain (so it can fail)."""
    statement = select(Message).where(Message.body == "hello")
    assert unindexed(db, statement) == ["message"]
