"""Message files over real HTTP: a download only for the patient and their care team, with its
checked type, no sniffing, no caching, a sandbox, and a safe file name."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Session

from portal_app.api.attachments import content_disposition
from portal_app.db import get_engine
from portal_app.services.care_team.attachments import store
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from tests.api.test_auth_routes import SAME_SITE
from tests.factories import make_care_team_patient
from tests.unit.test_medicines import CHEN, RIVERA

PDF = b"%PDF-1.7\n<script>alert(1)</script>"


def headers_for(user_id) -> dict[str, str]:
    with Session(get_engine()) as db:
        token = start_session(db, user_id, now=datetime.now(UTC))
        db.commit()
    return {**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={token}"}


def sent_file() -> tuple[uuid.UUID, object, object]:
    with Session(get_engine(), expire_on_commit=False) as db:
        me, patient = make_care_team_patient(
            db, f"file.{uuid.uuid4().hex[:8]}@example.org", "Fay File", RIVERA.user_id
        )
        now = datetime.now(UTC)
        kept = store(db, me, patient.id, 'plan "2026".pdf', PDF, now=now)
        start_thread(db, me, None, "Plan", "Here it is", now=now, attachment_ids=[kept.id])
        db.commit()
    return kept.id, me, patient


def test_the_patient_and_their_team_download_it_safely(client) -> None:
    file_id, me, _ = sent_file()
    for user_id in (me.user_id, RIVERA.user_id):
        response = client.get(f"/api/attachments/{file_id}", headers=headers_for(user_id))
        assert response.status_code == 200
        assert response.content == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith(
            'attachment; filename="plan _2026_.pdf"'
        )
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"


def test_anyone_else_gets_the_same_not_found(client) -> None:
    file_id, _, _ = sent_file()
    outsider = headers_for(CHEN.user_id)
    assert client.get(f"/api/attachments/{file_id}", headers=outsider).status_code == 404
    assert client.get(f"/api/attachments/{uuid.uuid4()}", headers=outsider).status_code == 404
    assert client.get("/api/attachments/not-an-id", headers=outsider).status_code == 404
    assert client.get(f"/api/attachments/{file_id}", headers=SAME_SITE).status_code == 401
    cross_site = {**headers_for(RIVERA.user_id), "Sec-Fetch-Site": "cross-site"}
    assert client.get(f"/api/attachments/{file_id}", headers=cross_site).status_code == 404


def test_any_name_makes_a_valid_header() -> None:
    header = content_disposition('ñandú "x";\\.pdf')
    assert header.isascii()
    assert header.startswith('attachment; filename="_and_ _x___.pdf"')
    assert "filename*=UTF-8''%C3%B1and%C3%BA%20%22x%22%3B%5C.pdf" in header
