"""A "when needed" medicine with a most-per-day: the patient is told kindly, beside the button
they tapped, and the care team sees the medicine flagged (found: any number of doses logged
quietly, and every outcome shown at the top of a long page, off a phone's screen)."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect

from portal_app.db import session_scope
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient
from tests.unit.test_medicines import RIVERA


def test_more_than_the_daily_most_is_told_beside_the_tap_and_flagged_for_the_team(
    browser: Browser, live_server, sign_in_as
) -> None:
    from datetime import UTC, datetime

    name = f"Pia {uuid.uuid4().hex[:4]}"
    email = f"pia.{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as db:
        _, patient = make_care_team_patient(db, email, name, RIVERA.user_id)
        form = MedicineForm(
            name="Hydroxyzine",
            dose="25 mg",
            started_on="2026-01-01",
            as_needed=True,
            max_per_day="1",
        )
        assert add_medicine(db, RIVERA, patient.id, form, now=datetime.now(UTC)) == ""
    phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(phone, email)
    open_page(phone, "/medicines")
    row = phone.locator(".list-row").filter(
        has=phone.get_by_role("heading", name="Hydroxyzine · 25 mg")
    )
    row.get_by_role("button", name="I took a dose now").click()
    expect(row.get_by_text("Noted. Your dose is in the log.")).to_be_visible()
    row.get_by_role("button", name="I took a dose now").click()
    told = row.get_by_text("That is more than the most your care team set for one day.")
    expect(told).to_be_visible()
    expect(told).to_be_in_viewport()
    assert accessibility_violations(phone) == [] and small_targets(phone) == []

    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(desk, "dr.rivera@example.org")
    open_page(desk, "/panel")
    desk.locator(".panel-row").filter(has_text=name).first.click()
    desk.get_by_role("link", name="Medicines and refills").click()
    flagged = desk.locator(".list-row").filter(
        has=desk.get_by_role("heading", name="Hydroxyzine · 25 mg")
    )
    expect(flagged.get_by_text("More than the most for a day")).to_be_visible()
    expect(flagged).to_contain_text("Taken today: 2", use_inner_text=True)
    phone.context.close()
    desk.context.close()
