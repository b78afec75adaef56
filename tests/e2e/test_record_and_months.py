"""The printable record is a readable page on a phone with Back and Print, and the check-in
calendar reaches earlier months (found: a 980 px page with no way back, and only this month)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from portal_app.content.dates import month_words
from portal_app.db import session_scope
from portal_app.services.measures.journal import sync
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, scrolls_sideways, small_targets
from tests.factories import answers_entry, check_in_entry, make_care_team_patient
from tests.unit.test_medicines import RIVERA


def test_the_printable_record_on_a_phone_and_earlier_months(
    browser: Browser, live_server, sign_in_as
) -> None:
    email = f"rae.{uuid.uuid4().hex[:6]}@example.org"
    now = datetime.now(UTC)
    earlier = now - timedelta(days=40)
    with session_scope() as db:
        me, patient = make_care_team_patient(db, email, "Rae Reader", RIVERA.user_id)
        # A check-in from last month, sent then (a device may only send recent ones).
        assert not sync(db, me, [check_in_entry(earlier, mood=4)], now=earlier).rejected
        assert not sync(db, me, [answers_entry("phq9", [1] * 9, now)], now=now).rejected
        form = MedicineForm(name="Sertraline", dose="50 mg", instructions="Take with food.",
                            started_on="2026-01-01", times=("08:00",))  # fmt: skip
        assert add_medicine(db, RIVERA, patient.id, form, now=now) == ""
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email)

    open_page(page, "/records")
    page.get_by_role("link", name="My record to read or print").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rae Reader")
    expect(page.get_by_text("Mood questions score 9", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert not scrolls_sideways(page)
    assert accessibility_violations(page) == [] and small_targets(page) == []
    page.get_by_role("link", name="Back to my record").click()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Health record")

    open_page(page, "/check-in")
    today = datetime.now(ZoneInfo("America/New_York")).date()  # the patient's own day
    caption = page.locator("table.calendar caption")
    expect(caption).to_have_text(month_words(today, "en"), use_inner_text=True)
    expect(page.get_by_role("button", name="Later month")).to_have_count(0)
    page.get_by_role("button", name="Earlier month").click()
    before = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    expect(caption).to_have_text(month_words(before, "en"), use_inner_text=True)
    page.get_by_role("button", name="Later month").click()
    expect(caption).to_have_text(month_words(today, "en"), use_inner_text=True)

    # On a Spanish screen, words a person typed are shown as written, and the page says so.
    page.evaluate("localStorage.setItem('steady.lang', 'es')")
    open_page(page, "/medicines")
    row = page.locator(".list-row").filter(has_text="Take with food.")
    expect(row.get_by_text("Se muestra tal como lo escribió.", exact=False)).to_be_visible()
    page.context.close()
