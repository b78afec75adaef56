"""Trends as a patient and as their clinician: charts with named bands, the same numbers in a
table, the change badge, and the 30/90/365-day choice."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import CareTeamMembership, Patient, Role
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, scrolls_sideways, small_targets
from tests.factories import answers_entry, make_patient


def patient_with_history(name: str) -> str:
    email = f"trend.{uuid.uuid4().hex[:8]}@example.org"
    now = datetime.now(UTC)
    with session_scope() as db:
        user = make_patient(db, email, name)
        patient_id = db.exec(select(Patient.id).where(Patient.user_id == user.id)).one()
        db.add(
            CareTeamMembership(
                patient_id=patient_id, clinician_id=demo_id("user", "dr.chen@example.org")
            )
        )
        me = Actor(user.id, Role.PATIENT, user.clinic_id)
        for days_ago in (20, 6, 2):
            at = now - timedelta(days=days_ago)
            sync(
                db,
                me,
                [
                    {
                        "kind": "check_in",
                        "id": str(uuid.uuid4()),
                        "recorded_at": at.isoformat(),
                        "mood": 2 + days_ago % 3,
                        "anxiety": 1,
                        "sleep_hours": 7,
                    }
                ],
                now=now,
            )
        for days_ago, answers in ((40, [0] * 9), (10, [1] * 9)):
            at = now - timedelta(days=days_ago)
            sync(
                db,
                me,
                [answers_entry("phq9", answers, at)],
                now=at,
            )
    return email


def test_a_patient_reads_their_trends(sign_in_as, page: Page) -> None:
    sign_in_as(page, patient_with_history("Tove Trend"))
    open_page(page, "/trends")
    mood = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Mood (1 = very low, 5 = very good)")
    )
    expect(mood.get_by_role("img", name="Mood (1 = very low, 5 = very good)")).to_be_visible()
    mood.get_by_text("Show the numbers").click()
    expect(mood.get_by_role("table").get_by_role("row")).to_have_count(4)  # header + 3 days
    phq9 = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Mood questions score")
    )
    expect(phq9.get_by_text("No mood questions answered in this time yet.")).to_be_hidden()
    expect(phq9.get_by_role("img")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    assert not scrolls_sideways(page)

    page.get_by_role("button", name="90 days").click()
    expect(page.get_by_role("button", name="90 days")).to_have_attribute("aria-pressed", "true")
    expect(phq9.get_by_text("Higher than last time, by enough to matter")).to_be_visible()  # 0 → 9
    expect(phq9.get_by_role("img")).to_contain_text("Mild")


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_a_clinician_schedules_a_questionnaire_the_patient_sees_it_due(
    sign_in_as, page: Page, browser: Browser, live_server
) -> None:
    name = f"Tam {uuid.uuid4().hex[:4]}"
    email = patient_with_history(name)
    sign_in_as(page, "dr.chen@example.org")
    open_page(page, "/trends")
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    expect(page.get_by_role("img", name="Sleep (hours a night)")).to_be_visible()
    schedule = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Questionnaires on a schedule")
    )
    schedule.get_by_role("button", name="Schedule it").click()
    expect(
        schedule.get_by_role("alert").filter(has_text="Please choose a questionnaire")
    ).to_be_visible()
    schedule.get_by_role("radio", name="Worry questions (7 questions)").check()
    schedule.get_by_role("radio", name="Every 2 weeks").check()
    schedule.get_by_role("button", name="Schedule it").click()
    expect(
        schedule.get_by_role("listitem").filter(has_text="Worry questions (7 questions)")
    ).to_be_visible()
    assert accessibility_violations(page) == []

    patient = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(patient, email)
    open_page(patient, "/")
    due = patient.locator(".card").filter(
        has=patient.get_by_role("heading", name="Your care team asked you to answer")
    )
    expect(due).to_contain_text("Worry questions (7 questions)")
    due.get_by_role("link", name="Answer now").click()
    expect(patient.get_by_role("heading", level=1)).to_have_accessible_name("Questionnaires")
    patient.context.close()
