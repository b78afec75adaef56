"""A PHQ-9 as a patient answers it: one question per screen, back works, item 9 brings help at
once and the safety questions; the care team's alert carries the screener's level."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import Patient, QuestionnaireResponse, RiskAlert
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_patient


def new_patient() -> tuple[str, uuid.UUID]:
    email = f"phq.{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as db:
        user = make_patient(db, email, "Ari Answer")
        patient_id = db.exec(select(Patient.id).where(Patient.user_id == user.id)).one()
    return email, patient_id


def expect_progress(page: Page, text: str) -> None:
    """As read on screen (the other language's words are in the page, hidden)."""
    expect(page.locator(".progress-text")).to_have_text(text, use_inner_text=True)


def answer(page: Page, text: str) -> None:
    page.get_by_role("group").get_by_role("button", name=text, exact=True).click()


def test_phq9_with_item9_shows_help_at_once_then_the_safety_questions(
    sign_in_as, page: Page
) -> None:
    email, patient_id = new_patient()
    sign_in_as(page, email)
    open_page(page, "/questionnaires")
    page.get_by_role("button", name="Mood questions (9 questions)").click()
    expect_progress(page, "Question 1 of 9")
    expect(page.get_by_text("Little interest or pleasure in doing things")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []

    answer(page, "Several days")
    expect_progress(page, "Question 2 of 9")
    page.get_by_role("button", name="Back").click()
    expect_progress(page, "Question 1 of 9")
    expect(page.get_by_role("button", name="Several days")).to_have_attribute(
        "aria-pressed", "true"
    )
    answer(page, "Not at all")
    for number in range(2, 9):
        expect_progress(page, f"Question {number} of 9")
        answer(page, "Several days")

    # A closed tab loses nothing: the next visit picks up at question 9.
    open_page(page, "/questionnaires")
    page.get_by_role("button", name="Mood questions (9 questions)").click()
    expect_progress(page, "Question 9 of 9")
    expect(page.get_by_text("Thoughts that you would be better off dead")).to_be_visible()
    answer(page, "Several days")

    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    expect(page.get_by_role("link", name="Call 988 Suicide and Crisis")).to_have_attribute(
        "href", "tel:988"
    )
    assert accessibility_violations(page) == []
    with session_scope() as db:  # the care team is told before the questionnaire is even sent
        alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient_id)).one()
        assert (alert.reason, alert.level) == ("phq9_item9", "pending")

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="What your answers mean")).to_be_visible()
    expect(page.get_by_text("Your answers show some signs of low mood.")).to_be_visible()
    expect(page.locator("p").filter(has_text="Your score:")).to_have_text(
        "Your score: 8", use_inner_text=True
    )
    page.get_by_role("button", name="Answer the safety questions").click()

    expect_progress(page, "Question 1 of 3")  # 3 until a "yes" opens more
    answer(page, "Yes")
    answer(page, "No")  # no thoughts of killing oneself: questions 3 to 5 are skipped
    expect_progress(page, "Question 3 of 3")
    answer(page, "No")
    expect(
        page.get_by_text("Your care team will see your answers and check in with you.")
    ).to_be_visible()

    with session_scope() as db:
        alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient_id)).one()
        responses = db.exec(
            select(QuestionnaireResponse).where(QuestionnaireResponse.patient_id == patient_id)
        ).all()
        assert alert.level == "low" and alert.acknowledged_at is None
        assert sorted((r.instrument, r.total, r.risk) for r in responses) == [
            ("cssrs", None, "low"),
            ("phq9", 8, None),
        ]


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_high_risk_safety_answers_show_help_again_with_the_result(sign_in_as, page: Page) -> None:
    email, patient_id = new_patient()
    sign_in_as(page, email)
    open_page(page, "/questionnaires")
    page.get_by_role("button", name="Mood questions (9 questions)").click()
    for _ in range(8):
        answer(page, "Not at all")
    answer(page, "Nearly every day")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Answer the safety questions").click()
    for reply in ("Yes", "Yes", "No", "Yes", "No", "No"):  # intent (question 4): high
        answer(page, reply)
    expect(
        page.get_by_text("Please use Get help now if you might act on these thoughts.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Call 988 Suicide and Crisis")).to_have_attribute(
        "href", "tel:988"
    )
    with session_scope() as db:
        alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient_id)).one()
    assert alert.level == "high"
