"""Files shared into the record, over real HTTP: only the patient and their care team fetch
them, with the protective download headers; a file taken back is gone for everyone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Session

from portal_app.db import get_engine
from portal_app.services.records.shared_documents import share_file, shared_with, withdraw
from tests.api.test_attachment_routes import headers_for
from tests.api.test_auth_routes import SAME_SITE
from tests.factories import make_care_team_patient
from tests.unit.test_medicines import CHEN, RIVERA

PDF = b"%PDF-1.7\n% a letter\n"


def shared_letter() -> tuple[uuid.UUID, object]:
    with Session(get_engine(), expire_on_commit=False) as db:
        me, patient = make_care_team_patient(
            db, f"letter.{uuid.uuid4().hex[:8]}@example.org", "Lee Letter", RIVERA.user_id
        )
        now = datetime.now(UTC)
        assert (
            share_file(
                db,
                RIVERA,
                patient.id,
                "School letter",
                "letter é.pdf",
                PDF,
                now=now,
            )
            == ""
        )
        (item,) = shared_with(db, me, None, now=now)
        db.commit()
    return item.id, me


def test_the_patient_and_their_team_download_a_shared_file(client) -> None:
    document_id, me = shared_letter()
    for user_id in (me.user_id, RIVERA.user_id):
        response = client.get(f"/api/records/{document_id}/file", headers=headers_for(user_id))
        assert response.status_code == 200
        assert response.content == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith(
            'attachment; filename="letter _.pdf"'
        )
        assert "filename*=UTF-8''letter%20%C3%A9.pdf" in response.headers["content-disposition"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


def test_others_and_taken_back_files_get_not_found(client) -> None:
    document_id, me = shared_letter()
    url = f"/api/records/{document_id}/file"
    assert client.get(url, headers=headers_for(CHEN.user_id)).status_code == 404
    assert client.get(url, headers=SAME_SITE).status_code == 401
    cross_site = {**headers_for(me.user_id), "Sec-Fetch-Site": "cross-site"}
    assert client.get(url, headers=cross_site).status_code == 404
    with Session(get_engine()) as db:
        withdraw(db, RIVERA, document_id, now=datetime.now(UTC))
        db.commit()
    assert client.get(url, headers=headers_for(me.user_id)).status_code == 404
