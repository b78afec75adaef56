"""The health record in the browser: the clinician shares a visit note and a paper, records an
allergy and writes a psychotherapy note; the patient, on a phone, reads their progress and
what was shared, downloads the paper and their whole record (a valid FHIR bundle), and never
meets the psychotherapy note; a paper taken back is gone."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Browser, expect
from sqlmodel import col, select

from portal_app.db import session_scope
from portal_app.models import Patient, QuestionnaireResponse, SharedDocument, User
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient

PDF = b"%PDF-1.4\n% sleep tips\n%%EOF\n"


def patient_with_scores() -> tuple[str, str]:
    """A patient of Dr. Rivera's whose PHQ-9 went from 17 to 8."""
    email, name = f"rec.{uuid.uuid4().hex[:6]}@example.org", f"Rae {uuid.uuid4().hex[:4]}"
    now = datetime.now(UTC)
    with session_scope() as db:
        _, patient = make_care_team_patient(
            db, email, name, demo_id("user", "dr.rivera@example.org")
        )
        for days_ago, total in ((40, 17), (3, 8)):
            at = now - timedelta(days=days_ago)
            db.add(
                QuestionnaireResponse(
                    id=uuid.uuid4(),
                    patient_id=patient.id,
                    instrument="phq9",
                    complete=True,
                    total=total,
                    started_at=at,
                    submitted_at=at,
                )
            )
    return email, name


def papers_of(email: str) -> list[tuple[str, bool]]:
    """The files shared with this patient: (title, marked Part 2)."""
    with session_scope() as db:
        rows = db.exec(
            select(SharedDocument.title, SharedDocument.part2)
            .join(Patient, col(Patient.id) == SharedDocument.patient_id)
            .join(User, col(User.id) == Patient.user_id)
            .where(User.email == email, SharedDocument.kind == "document")
        ).all()
        return [(title, part2) for title, part2 in rows]


def test_the_care_team_shares_and_the_patient_reads_and_downloads_on_a_phone(
    browser: Browser, live_server, sign_in_as, tmp_path: Path
) -> None:
    email, name = patient_with_scores()
    secret = f"Process note {uuid.uuid4().hex[:8]}"
    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(desk, "dr.rivera@example.org")
    open_page(desk, "/panel")
    desk.locator(".panel-row").filter(has_text=name).click()
    desk.get_by_role("link", name="Health record").click()
    expect(desk.get_by_role("heading", name=name)).to_be_visible()

    # A visit note without a title is refused kindly, and the words stay.
    desk.get_by_text("Write a visit note", exact=True).click()
    desk.get_by_label("Visit note").fill("We made a plan for better sleep.")
    desk.get_by_role("button", name="Share with the patient").click()
    expect(desk.get_by_text("Please write a short title.")).to_be_visible()
    expect(desk.get_by_label("Visit note")).to_have_value("We made a plan for better sleep.")
    desk.get_by_label("Title").first.fill("Sleep visit")
    desk.get_by_role("checkbox", name="Drug or alcohol care record").first.check()
    desk.get_by_role("button", name="Share with the patient").click()
    expect(desk.get_by_text("Shared. The patient can see it now.")).to_be_visible()

    # A paper: a web page named .pdf is refused; a real PDF is shared.
    desk.get_by_text("Share a paper (PDF or photo)", exact=True).click()
    fake, paper = tmp_path / "tips.pdf", tmp_path / "sleep tips.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script>")
    paper.write_bytes(PDF)
    for upload, said in (
        (fake, "We can only share photos"),
        (paper, "Not shared yet."),
    ):
        with desk.expect_file_chooser() as chooser:
            desk.get_by_role("button", name="Choose a file").click()
        chooser.value.set_files(str(upload))
        expect(desk.get_by_text(said).first).to_be_visible()
    # Chosen, not shared: the patient has nothing yet (found: shared on choosing, before the
    # Part 2 mark could be set).
    assert papers_of(email) == []
    desk.locator("#document-title").fill("Sleep tips")
    desk.get_by_role("checkbox", name="Drug or alcohol care record").last.check()
    desk.get_by_role("button", name="Share with the patient").last.click()
    expect(desk.get_by_text("Shared. The patient can see it now.").first).to_be_visible()
    expect(desk.get_by_role("heading", name="Sleep tips")).to_be_visible()
    assert papers_of(email) == [("Sleep tips", True)]

    # An allergy, and a psychotherapy note only Dr. Rivera will ever read.
    desk.get_by_text("Add an allergy", exact=True).first.click()
    desk.get_by_label("Allergic to").fill("Latex")
    desk.get_by_label("What happens (optional)").fill("Rash on the hands")
    desk.get_by_role("radio", name="Severe").check()
    desk.get_by_role("button", name="Add an allergy").click()
    expect(desk.get_by_text("Allergy added.")).to_be_visible()
    desk.get_by_label("New note").fill(secret)
    desk.get_by_role("button", name="Save the note").click()
    expect(desk.get_by_text("Note saved. Only you can read it.")).to_be_visible()
    expect(desk.get_by_text(secret)).to_be_visible()
    assert accessibility_violations(desk) == [] and small_targets(desk) == []

    phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(phone, email)
    open_page(phone, "/records")
    expect(phone.get_by_text("Better: the score went down")).to_be_visible()
    expect(phone.get_by_role("heading", name="Sleep visit")).to_be_visible()
    expect(phone.get_by_text("We made a plan for better sleep.")).to_be_visible()
    expect(phone.locator(".list-row").filter(has_text="Sleep visit")).to_contain_text(
        "42 CFR part 2 prohibits unauthorized use or disclosure", use_inner_text=True
    )
    expect(phone.locator(".list-row").filter(has_text="Sleep visit")).to_contain_text(
        "Shared by Dr. Ana Rivera", use_inner_text=True
    )
    allergy = phone.locator(".list-row").filter(has_text="Latex")
    expect(allergy).to_contain_text("Rash on the hands")
    expect(allergy).to_contain_text("Severe · Added by Dr. Ana Rivera", use_inner_text=True)
    expect(phone.get_by_role("button", name="Take back")).to_have_count(0)
    expect(phone.get_by_role("button", name="Remove")).to_have_count(0)
    assert secret not in phone.content()
    assert accessibility_violations(phone) == [] and small_targets(phone) == []

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Open sleep tips.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download my record").click()
    bundle = json.loads(Path(download.value.path()).read_text())
    Bundle.model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("DocumentReference") == 2 and "AllergyIntolerance" in kinds
    phq9 = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"].get("coding", [{}])[0].get("code") == "44261-6"
    ]
    assert sorted(o["valueInteger"] for o in phq9) == [8, 17]
    assert secret not in json.dumps(bundle)

    # Taken back by mistake-sharing: gone from the patient's page.
    desk.get_by_role("button", name="Take back Sleep tips").click()
    expect(desk.get_by_text("Taken back. The patient no longer sees it.")).to_be_visible()
    phone.reload()
    expect(phone.get_by_role("heading", name="Sleep visit")).to_be_visible()
    expect(phone.get_by_role("heading", name="Sleep tips")).to_have_count(0)
    desk.context.close()
    phone.context.close()
