"""The server itself goes away: the phone keeps 3 check-ins and a PHQ-9 through a reload, and
when the server is back they arrive exactly once, also in the clinician's view.

Stops (and restarts) the shared server, so it runs with the other stops_server tests, last."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import CheckIn, QuestionnaireResponse
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import open_page
from tests.e2e.test_offline_check_in import (
    answer,
    check_in_offline,
    new_patient,
    ready_for_offline,
)

pytestmark = pytest.mark.stops_server


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_check_ins_made_while_the_server_is_down_arrive_once(
    sign_in_as, page: Page, browser: Browser, live_server
) -> None:
    if not live_server.running:
        live_server.start()
    name = f"Dana {uuid.uuid4().hex[:6]}"
    email, patient_id = new_patient(name)
    sign_in_as(page, email)
    ready_for_offline(page)

    live_server.stop()
    page.goto("/check-in")
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Daily check-in")
    for mood, note in (("Low", "down one"), ("Okay", "down two"), ("Good", "down three")):
        check_in_offline(page, mood, note)
    page.get_by_role("button", name="Worry questions (7 questions)").click()
    for _ in range(7):
        answer(page, "Several days")
    expect(page.locator("[data-journal-waiting] li")).to_have_count(4)  # stored before reloading
    page.reload()
    expect(page.locator("[data-journal-waiting] li")).to_have_count(4)

    live_server.start()
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text("Nothing is waiting. Everything is sent.")).to_be_visible()
    with session_scope() as db:
        notes = sorted(
            c.note for c in db.exec(select(CheckIn).where(CheckIn.patient_id == patient_id))
        )
        totals = [
            r.total
            for r in db.exec(
                select(QuestionnaireResponse).where(QuestionnaireResponse.patient_id == patient_id)
            )
        ]
    assert notes == ["down one", "down three", "down two"] and totals == [7]

    clinician = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(clinician, "dr.rivera@example.org")
    open_page(clinician, "/trends")
    clinician.get_by_role("button", name=name).click()
    recent = clinician.locator(".card").filter(
        has=clinician.get_by_role("heading", name="Check-ins in this time")
    )
    expect(recent.get_by_role("listitem")).to_have_count(3)
    clinician.context.close()
