"""The audit chain notices any edited, deleted or inserted event."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from portal_app.services.common import audit
from portal_app.services.common.migrations import upgrade_database

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def chain(fresh_engine) -> Session:
    upgrade_database(fresh_engine)
    with Session(fresh_engine) as db:
        for i in range(5):
            audit.record(
                db,
                "check_ins.read",
                now=T0 + timedelta(minutes=i),
                category="check_ins",
                client_address="10.0.0.1",
            )
        db.commit()
        yield db


def test_an_untouched_chain_is_intact(chain: Session) -> None:
    report = audit.verify_chain(chain)
    assert report.intact and report.checked == 5


def tamper(db: Session, sql: str) -> None:
    db.exec(sa.text(sql))
    db.commit()


def test_an_edited_event_is_caught(chain: Session) -> None:
    tamper(chain, "UPDATE audit_event SET action = 'nothing.happened' WHERE seq = 3")
    assert audit.verify_chain(chain).problem == "event 3 was changed"


def test_a_deleted_event_is_caught(chain: Session) -> None:
    tamper(chain, "DELETE FROM audit_event WHERE seq = 2")
    assert audit.verify_chain(chain).problem == "event 2 is missing"


def test_deleting_the_newest_events_is_caught(chain: Session) -> None:
    tamper(chain, "DELETE FROM audit_event WHERE seq >= 4")
    assert "newest events" in audit.verify_chain(chain).problem


def test_a_rewritten_hash_is_caught_by_the_next_link(chain: Session) -> None:
    tamper(
        chain, "UPDATE audit_event SET action = 'x', hash = 'f' || substr(hash, 2) WHERE seq = 2"
    )
    assert audit.verify_chain(chain).problem in {
        "event 2 was changed",
        "event 3 does not follow the one before it",
    }


def test_portal_audit_verify_reports_tampering(tmp_path: Path) -> None:
    """The command, end to end, on its own SQLite database."""
    portal = str(Path(sys.executable).parent / "portal")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["PORTAL_DATA_DIR"] = str(tmp_path)
    subprocess.run([portal, "setup"], env=env, check=True, capture_output=True)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'portal.db'}")
    with Session(engine) as db:
        seeded = db.exec(sa.text("SELECT count(*) FROM audit_event")).one()[0]  # demo history
        audit.record(db, "records.read", now=T0)
        audit.record(db, "records.read", now=T0 + timedelta(seconds=1))
        db.commit()
    ok = subprocess.run([portal, "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and f"intact: {seeded + 2} events" in ok.stdout
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_event SET client_address = '1.2.3.4' WHERE seq = :seq"),
            {"seq": seeded + 1},
        )
    broken = subprocess.run([portal, "audit", "verify"], env=env, capture_output=True, text=True)
    assert broken.returncode == 1 and f"event {seeded + 1} was changed" in broken.stdout
