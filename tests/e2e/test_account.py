"""The account page as a patient uses it: sign out a lost phone; see who looked at my record."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor, Category, load_patient_for
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets


def test_sign_out_another_device_and_see_who_looked(
    page: Page, browser: Browser, live_server, sign_in_as, device: str
) -> None:
    patient = "alex@example.org" if device == "phone" else "taylor@example.org"
    sign_in_as(page, patient)
    lost_phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"])
    lost_page = lost_phone.new_page()
    sign_in_as(lost_page, patient)
    open_page(lost_page, "/messages")
    with session_scope() as db:  # the care team opens the record
        rivera = Actor(
            demo_id("user", "dr.rivera@example.org"),
            Role.CLINICIAN,
            demo_id("clinic", "steady-demo"),
        )
        load_patient_for(
            db, rivera, demo_id("patient", patient), Category.CHECK_INS, now=datetime.now(UTC)
        )

    open_page(page, "/account")
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    expect(page.get_by_text("This device")).to_have_count(1)
    expect(
        page.get_by_text("Dr. Ana Rivera (care team) looked at your check-ins").first
    ).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []

    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_role("button", name="Sign out there")).to_have_count(0)
    lost_page.goto("/messages")
    lost_page.wait_for_url(re.compile(r"/sign-in/?$"))
    open_page(page, "/messages")  # this device is still signed in
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Messages")
    lost_phone.close()
