"""A patient books a visit on a phone, adds it to their calendar, moves it and cancels it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from playwright.sync_api import Browser, expect

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.visits.availability import add_rule
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient, make_clinician

CHEN = Actor(
    demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, demo_id("clinic", "steady-demo")
)


def patient_with_open_hours() -> str:
    """A patient of Dr. Chen's, who offers hours only on the day three days from now."""
    email = f"visit.{uuid.uuid4().hex[:6]}@example.org"
    weekday = (datetime.now(ZoneInfo("America/New_York")) + timedelta(days=3)).weekday()
    with session_scope() as db:
        make_care_team_patient(db, email, "Vic Visit", CHEN.user_id)
        problem = add_rule(
            db,
            CHEN,
            weekday=weekday,
            starts="09:00",
            ends="12:00",
            minutes=60,
            kind="in_person",
            location="Room 4, 12 River St",
        )
        assert problem == ""
    return email


def test_book_move_and_cancel_a_visit_on_a_phone(browser: Browser, live_server, sign_in_as) -> None:
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, patient_with_open_hours())
    open_page(page, "/appointments")
    expect(page.get_by_text("You have no visits coming up.")).to_be_visible()
    slots = page.locator(".slot-list button")
    expect(slots.first).to_be_visible()
    first_time = slots.first.inner_text()
    slots.first.click()
    page.get_by_label("What would you like to talk about?").fill("Sleep")
    page.get_by_role("button", name="Yes, book it").click()
    expect(page.get_by_text("Done. Your visit is booked.")).to_be_visible()  # not "(or sent…)"
    upcoming = page.locator(".list-row").filter(has_text="Room 4, 12 River St")
    expect(upcoming).to_have_count(1)
    assert accessibility_violations(page) == [] and small_targets(page) == []

    with page.expect_download() as download:
        upcoming.get_by_role("link", name="Add to my calendar").click()
    event = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert str(event["summary"]) == "Appointment"
    assert str(event["location"]) == "Room 4, 12 River St"
    assert (
        event.decoded("dtstart").astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
        in first_time
    )

    # Move it to another open time.
    upcoming.get_by_role("button", name="Change the time").click()
    expect(page.get_by_text("Pick the new time for your visit.")).to_be_visible()
    slots.nth(1).click()
    page.get_by_role("button", name="Yes, book it").click()
    expect(page.get_by_text("Your visit has a new time.")).to_be_visible()
    expect(page.locator(".list-row").filter(has_text="Room 4")).to_have_count(1)
    # The old time is gone, not listed as "Cancelled" among past visits with a future date.
    expect(page.locator(".list-row").filter(has_text="Cancelled")).to_have_count(0)

    # And cancel it.
    page.get_by_role("button", name="Cancel visit").click()
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_text("Your visit is cancelled.")).to_be_visible()
    expect(page.get_by_text("You have no visits coming up.")).to_be_visible()
    past = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Past and cancelled visits")
    )
    expect(past.locator(".list-row").filter(has_text="Cancelled")).to_have_count(1)
    page.context.close()


def test_with_no_open_times_the_clinic_is_one_tap_away(
    browser: Browser, live_server, sign_in_as
) -> None:
    email = f"novisit.{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as db:
        busy = make_clinician(db, f"dr.{uuid.uuid4().hex[:6]}@example.org", "Dr. Busy")
        make_care_team_patient(db, email, "Noa Wait", busy.user_id)
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email)
    open_page(page, "/appointments")
    booking = page.locator(".card").filter(has_text="There are no open times in the next 3 weeks.")
    expect(booking).to_be_visible()
    call = booking.get_by_role("link", name="Call the clinic", exact=False)
    expect(call).to_have_attribute("href", "tel:5550100100")
    assert small_targets(page) == []
    page.context.close()
