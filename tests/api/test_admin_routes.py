"""The audit CSV download: clinic admins only, same-origin POST only, a real attachment."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlmodel import Session
from starlette.testclient import TestClient

from portal_app.db import get_engine
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.common import audit
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from tests.api.test_auth_routes import SAME_SITE


def cookie_of(email: str) -> dict[str, str]:
    with Session(get_engine()) as db:
        token = start_session(db, demo_id("user", email), now=datetime.now(UTC))
        db.commit()
    return {**SAME_SITE, "Cookie": f"{SESSION_COOKIE}={token}"}


def test_a_clinic_admin_downloads_the_audit_as_csv(client: TestClient) -> None:
    client.cookies.clear()
    with Session(get_engine()) as db:
        audit.record(
            db,
            "sign_in.email_link",
            now=datetime.now(UTC),
            actor_id=demo_id("user", "quinn@example.org"),
            clinic_id=demo_id("clinic", "steady-demo"),
        )
        db.commit()
    response = client.post(
        "/api/admin/audit.csv",
        data={"action": "sign_in", "since": ""},
        headers=cookie_of("admin@example.org"),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="audit-')
    assert response.headers["cache-control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all("sign_in" in row["action"] for row in rows)
    assert "Quinn Patel" in {row["who"] for row in rows}


def test_nobody_else_gets_it(client: TestClient) -> None:
    client.cookies.clear()
    for headers in (
        cookie_of("dr.rivera@example.org"),
        cookie_of("alex@example.org"),
        SAME_SITE,
        {**cookie_of("admin@example.org"), "Sec-Fetch-Site": "cross-site"},
    ):
        response = client.post("/api/admin/audit.csv", data={}, headers=headers)
        assert response.status_code == 404 and "," not in response.text
