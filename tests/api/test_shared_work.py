"""The test runner's own in-process app shares its database with the live servers it tests:
it must leave their shared work alone (CI: an alert notice was claimed here, in a process that
sends nowhere anyone watches, and the clinician's device was never pushed)."""

from __future__ import annotations

import os
import socket
import time
import uuid
from datetime import UTC, datetime

from sqlmodel import select
from starlette.testclient import TestClient

from portal_app.db import session_scope
from portal_app.models import AlertNotice, RiskAlert
from portal_app.services.measures.journal import sync
from tests.factories import answers_entry, make_care_team_patient, make_clinician

THIS_PROCESS = f"{socket.gethostname()}:{os.getpid()}"


def test_the_in_process_client_claims_no_alert_notice(client: TestClient) -> None:
    assert client.get("/api/health").status_code in (200, 503)  # the app (and lifespan) is up
    now = datetime.now(UTC)
    with session_scope() as db:
        doctor = make_clinician(db, f"dr.{uuid.uuid4().hex[:6]}@example.org", "Dr. Shared")
        me, patient = make_care_team_patient(
            db, f"p.{uuid.uuid4().hex[:6]}@example.org", "Pat Shared", doctor.user_id
        )
        assert sync(db, me, [answers_entry("phq9", [1] * 8 + [2], now)], now=now).alerts == 1
        alert_id = db.exec(select(RiskAlert.id).where(RiskAlert.patient_id == patient.id)).one()
    time.sleep(5)  # two and a half rounds of the 2-second notice loop
    with session_scope() as db:
        notices = db.exec(select(AlertNotice).where(AlertNotice.alert_id == alert_id)).all()
        claimers = {notice.claimed_by for notice in notices}
    assert notices and THIS_PROCESS not in claimers
