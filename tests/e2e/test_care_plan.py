"""The care team writes a treatment plan in the patient's words; the patient reads it on a
phone and comments; the clinician sees the comment, and the earlier version is kept."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect

from portal_app.db import session_scope
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient


def test_a_plan_written_together(browser: Browser, live_server, sign_in_as) -> None:
    email, name = f"plan.{uuid.uuid4().hex[:6]}@example.org", f"Plan {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        make_care_team_patient(db, email, name, demo_id("user", "dr.rivera@example.org"))
    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(desk, "dr.rivera@example.org")
    open_page(desk, "/panel")
    desk.locator(".panel-row").filter(has_text=name).click()
    desk.get_by_role("link", name="Treatment plan").click()
    expect(desk.get_by_role("heading", name=name)).to_be_visible()
    for version in ("I want to sleep through the night", "I want to sleep 7 hours"):
        goal = desk.get_by_label("The goal, in the patient's words").first
        if not goal.is_visible():  # the editor stays open after a save
            desk.get_by_text("Write a new version").click()
        goal.fill(version)
        desk.get_by_label("Steps (one on each line)").first.fill(
            "No screens after 10\nSame wake time"
        )
        desk.get_by_role("button", name="Save this version").click()
        expect(desk.get_by_text("The new version is saved.")).to_be_visible()
    expect(desk.get_by_text("I want to sleep through the night")).to_be_visible()  # version 1

    phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(phone, email)
    open_page(phone, "/plan")
    expect(phone.get_by_role("heading", name="I want to sleep 7 hours")).to_be_visible()
    expect(phone.get_by_text("Same wake time")).to_be_visible()
    expect(phone.get_by_role("button", name="Save this version")).to_have_count(0)
    assert accessibility_violations(phone) == [] and small_targets(phone) == []
    phone.get_by_label("Your comment for your care team").fill("Screens are hard for me.")
    phone.get_by_role("button", name="Add", exact=True).click()
    expect(phone.get_by_text("Screens are hard for me.")).to_be_visible()

    desk.reload()
    expect(desk.get_by_text("Screens are hard for me.")).to_be_visible()
    desk.context.close()
    phone.context.close()
