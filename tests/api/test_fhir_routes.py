"""Download my record over real HTTP: a valid FHIR Bundle for the patient (`me`) and their
care team, the same 404 for everyone else, nothing without a session."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fhir.resources.R4B.bundle import Bundle
from sqlmodel import Session

from portal_app.content.dates import day_words
from portal_app.db import get_engine
from portal_app.models import Language, Role, User
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from portal_app.services.plans.care_plan import save_plan
from tests.api.test_attachment_routes import headers_for
from tests.factories import answers_entry, make_care_team_patient
from tests.unit.test_medicines import RIVERA

ALEX = demo_id("patient", "alex@example.org")
EVERYTHING = "/api/fhir/Patient/{}/$everything"


def test_the_patient_downloads_their_own_record(client) -> None:
    response = client.get(
        EVERYTHING.format("me"), headers=headers_for(demo_id("user", "alex@example.org"))
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert response.headers["content-disposition"].startswith("attachment;")
    bundle = Bundle.model_validate(response.json())
    assert bundle.entry[0].resource.id == str(ALEX)


def test_the_care_team_may_others_may_not(client) -> None:
    chen = headers_for(demo_id("user", "dr.chen@example.org"))
    assert client.get(EVERYTHING.format(ALEX), headers=chen).status_code == 200
    for outsider in ("jordan@example.org", "admin@example.org", "sam@example.org"):
        headers = headers_for(demo_id("user", outsider))
        assert client.get(EVERYTHING.format(ALEX), headers=headers).status_code == 404
    assert client.get(EVERYTHING.format("not-an-id"), headers=chen).status_code == 404
    assert client.get(EVERYTHING.format(ALEX)).status_code in (401, 404)


def test_the_printable_summary_is_escaped_text_in_the_patients_language(client) -> None:

    chen = Actor(
        demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, demo_id("clinic", "steady-demo")
    )
    with Session(get_engine(), expire_on_commit=False) as db:
        me, patient = make_care_team_patient(
            db, f"sum.{uuid.uuid4().hex[:6]}@example.org", "Sue <b>Mary</b>", chen.user_id
        )
        save_plan(
            db, chen, patient.id, [("<script>alert(1)</script> sleep", "")], now=datetime.now(UTC)
        )
        db.commit()
    response = client.get("/api/record/summary", headers=headers_for(me.user_id))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "Health record summary: Sue &lt;b&gt;Mary&lt;/b&gt;" in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; sleep" in response.text
    assert "<script>" not in response.text
    assert client.get("/api/record/summary", headers=headers_for(chen.user_id)).status_code == 404


def test_the_printable_record_reads_plainly_in_the_persons_language_and_time(client) -> None:
    """Found: no phone layout, no Back or Print, UTC times, "Patient Health Questionnaire 9
    item = 10" and English words on a Spanish page; every download named the same."""
    now = datetime.now(UTC)
    with Session(get_engine(), expire_on_commit=False) as db:
        me, _ = make_care_team_patient(
            db,
            f"ines.{uuid.uuid4().hex[:6]}@example.org",
            "Inés Núñez",
            RIVERA.user_id,
            zone="America/Los_Angeles",
        )
        user = db.get(User, me.user_id)
        user.language = Language.SPANISH
        db.add(user)
        sync(db, me, [answers_entry("phq9", [1] * 9, now)], now=now)
        db.commit()
    page = client.get("/api/record/summary", headers=headers_for(me.user_id)).text
    assert "width=device-width" in page
    assert "Volver a mi historial" in page and "data-print" in page and "/print.js" in page
    local = now.astimezone(ZoneInfo("America/Los_Angeles"))
    day = f"{day_words(local.date(), 'es')} {local.year}"
    assert f"{day}: Puntaje de las preguntas del ánimo 9" in page and "Patient Health" not in page
    assert re.search(r"\d{4}-\d{2}-\d{2}", page) is None  # no ISO dates or UTC times
    download = client.get(EVERYTHING.format("me"), headers=headers_for(me.user_id))
    assert download.headers["content-disposition"] == (
        f'attachment; filename="health-record-ines-nunez-{now.date().isoformat()}.json"'
    )
