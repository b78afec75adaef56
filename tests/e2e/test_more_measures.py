"""An EPDS scheduled by the care team, as a new mother answers it on her phone: item 10 brings
crisis help at once, the care team's alert opens before she finishes, and her clinician sees
why on the alerts page. The EPDS texts are the clinic's stand-ins (tests/licensed_texts.py):
the project may not ship the scale's wording."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from portal_app.content.instruments import licensed_folder
from portal_app.db import session_scope
from portal_app.models import RiskAlert, User
from portal_app.services.measures.assignments import assign
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient, make_clinician
from tests.licensed_texts import install_epds_texts

EPDS_BUTTON = "Questions for new parents and parents-to-be (10 questions)"
REVERSED = {3, 5, 6, 7, 8, 9, 10}  # the first choice listed scores 3 on these


def answer(page: Page, text: str) -> None:
    page.get_by_role("group").get_by_role("button", name=text, exact=True).click()


def expect_progress(page: Page, text: str) -> None:
    expect(page.locator(".progress-text")).to_have_text(text, use_inner_text=True)


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_epds_item_10_on_a_phone_shows_help_and_reaches_the_clinician(
    browser: Browser, live_server, sign_in_as, page: Page
) -> None:
    install_epds_texts(licensed_folder())  # the clinic has added its licensed texts
    name = f"Maya {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        clinician = make_clinician(db, f"dr.{uuid.uuid4().hex[:6]}@example.org", "Dr. Lane")
        email = f"maya.{uuid.uuid4().hex[:6]}@example.org"
        _, patient = make_care_team_patient(db, email, name, clinician.user_id)
        assign(db, clinician, patient.id, "epds", 14, now=datetime.now(UTC))
        clinician_email = db.get(User, clinician.user_id).email

    sign_in_as(page, email)
    open_page(page, "/questionnaires")
    page.get_by_role("button", name=EPDS_BUTTON).click()
    expect_progress(page, "Question 1 of 10")
    expect(page.get_by_text("EPDS question 1 (clinic text)")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    page.screenshot(path=str(ARTIFACTS / "measures-epds-question-phone.png"), full_page=True)
    for number in range(1, 10):  # the answers that score 0
        expect_progress(page, f"Question {number} of 10")
        answer(page, f"Choice {'D' if number in REVERSED else 'A'} of question {number}")
    expect_progress(page, "Question 10 of 10")
    answer(page, "Choice B of question 10")  # scores 2: thoughts of self-harm "sometimes"

    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    help_link = page.get_by_role("link", name="Call 988 Suicide and Crisis")
    expect(help_link).to_have_attribute("href", "tel:988")
    expect(help_link).to_be_in_viewport()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    page.screenshot(path=str(ARTIFACTS / "measures-epds-crisis-phone.png"), full_page=True)
    with session_scope() as db:  # raised by the answer itself, before the form is sent
        alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).one()
    assert (alert.reason, alert.level) == ("epds_item10", "pending")

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Your answers show few signs of depression right now.")).to_be_visible()
    expect(page.get_by_role("button", name="Answer the safety questions")).to_be_visible()

    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"])
    try:
        theirs = desk.new_page()
        sign_in_as(theirs, clinician_email)
        open_page(theirs, "/alerts")
        card = theirs.get_by_role("listitem").filter(has=theirs.get_by_role("heading", name=name))
        expect(card.get_by_text("EPDS question 10 (thoughts of self-harm)")).to_be_visible()
        expect(card.get_by_text("Choice B of question 10").first).to_be_visible()  # flagged
        assert accessibility_violations(theirs) == []
        theirs.screenshot(path=str(ARTIFACTS / "measures-epds-alert-desktop.png"), full_page=True)
    finally:
        desk.close()
