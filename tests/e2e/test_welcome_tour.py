"""The welcome tour on a patient's first visit: four cards, one at a time, skippable, and
shown again from Help."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from portal_app.db import session_scope
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, dismiss_first_run, open_page, small_targets
from tests.factories import make_care_team_patient


def test_the_welcome_tour_shows_four_cards_can_be_skipped_and_shown_again(
    browser, live_server, sign_in_as
) -> None:
    email = f"tour.{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as db:
        make_care_team_patient(db, email, "Tori Tour", demo_id("user", "dr.rivera@example.org"))
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email, tour_seen=False)
    open_page(page, "/")
    dismiss_first_run(page)
    tour = page.get_by_role("region", name="Welcome! Here is how Steady helps")
    for title in ("Check in", "Reminders", "Messages"):
        expect(tour.get_by_role("heading", name=title)).to_be_visible()
        assert accessibility_violations(page) == [] and small_targets(page) == []
        tour.get_by_role("button", name="Next").click()
    expect(tour.get_by_role("heading", name="Get help now")).to_be_visible()
    expect(tour.get_by_role("button", name="Next")).to_be_hidden()
    tour.get_by_role("button", name="Done").click()
    expect(tour).to_be_hidden()
    page.reload()
    expect(page.get_by_text("Welcome! Here is how Steady helps")).to_be_hidden()
    # Shown again from Help.
    open_page(page, "/help")
    page.get_by_role("button", name="Show me around again").click()
    page.wait_for_url(re.compile(r".*/$"))
    expect(tour.get_by_role("heading", name="Check in")).to_be_visible()
    tour.get_by_role("button", name="Skip the tour").click()
    expect(tour).to_be_hidden()
    page.context.close()
