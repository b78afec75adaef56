"""A caregiver's pages speak about the person they help and offer only what the grant allows;
a teen's page says plainly what their guardian sees (found: Sam offered "Go to your patients",
a Messages tab that was not shared, "Your medicines" and "Great job"; Jordan's card listed the
same things as allowed and hidden, and a 15-year-old was shown the Part 2 consent section)."""

from __future__ import annotations

import uuid
from datetime import date

from playwright.sync_api import Browser, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import Patient
from portal_app.services.caregivers.proxy_policy import ALL
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient, make_helper
from tests.unit.test_medicines import RIVERA


def test_a_caregiver_reads_about_the_person_and_sees_only_what_is_shared(
    browser: Browser, live_server, sign_in_as
) -> None:
    name = f"Ada {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        _, patient = make_care_team_patient(
            db, f"ada.{uuid.uuid4().hex[:6]}@example.org", name, RIVERA.user_id
        )
        email = make_helper(db, patient, "Hal Helper", ["medicines.see", "appointments.see"])
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email)
    open_page(page, "/")  # the only person they help is chosen for them
    expect(page.locator(".helping-bar")).to_contain_text(name)
    expect(page.get_by_text("Help the person you care for", exact=False)).to_be_visible()
    expect(page.get_by_text("A safe place to check in", exact=False)).to_have_count(0)

    open_page(page, "/medicines")
    expect(page.get_by_text("Their medicines, today's doses and refills.")).to_be_visible()
    expect(page.locator("main .for-patient")).to_contain_text(name)
    expect(page.get_by_role("heading", name="Their last 7 days")).to_be_visible()
    expect(page.get_by_text("Your medicines", exact=False)).to_have_count(0)
    # Messages are not shared: no tab leads to "not shared".
    expect(page.get_by_role("navigation").get_by_role("link", name="Messages")).to_have_count(0)
    assert accessibility_violations(page) == [] and small_targets(page) == []

    open_page(page, "/records")
    expect(page.get_by_text("This part is not shared with you.")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your patients")).to_have_count(0)
    expect(page.get_by_role("link", name="Switch person")).not_to_have_count(0)
    page.context.close()


def test_a_teen_reads_what_stays_private_and_no_part_2_section(
    browser: Browser, live_server, sign_in_as
) -> None:
    email = f"teo.{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as db:
        _, patient = make_care_team_patient(db, email, "Teo Young", RIVERA.user_id)
        row = db.exec(select(Patient).where(Patient.id == patient.id)).one()
        today = date.today()
        row.date_of_birth = today.replace(year=today.year - 15, day=1)
        db.add(row)
        make_helper(db, row, "Pat Parent", list(ALL), kind="guardian", status="invited")
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email)
    open_page(page, "/caregivers")
    expect(
        page.get_by_text("Your check-ins and messages are private.", exact=False)
    ).to_be_visible()
    card = page.locator(".list-row").filter(has_text="Pat Parent")
    can = card.locator("ul").first
    expect(can).not_to_contain_text("See check-ins and scores")
    expect(can).not_to_contain_text("Read messages with the care team")
    expect(card.get_by_text("They cannot see:")).to_be_visible()
    expect(page.get_by_role("heading", name="Substance use treatment records")).to_have_count(0)
    assert accessibility_violations(page) == [] and small_targets(page) == []
    page.context.close()
