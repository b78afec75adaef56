"""A clinician, in the browser, publishes weekly hours and a day away, takes them back, and
answers a patient's visit request; the patient reads the answer and the reason on a phone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, expect

from portal_app.db import session_scope
from portal_app.models import Appointment, CareTeamMembership, Patient, User
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_clinician, make_patient


def clinician_with_a_request() -> tuple[str, str]:
    """A new clinician and their patient, who asked for a visit five days from now."""
    clinician_email = f"hours.{uuid.uuid4().hex[:6]}@example.org"
    patient_email = f"asks.{uuid.uuid4().hex[:6]}@example.org"
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
    with session_scope() as db:
        clinician = make_clinician(db, clinician_email, "Dr. Hana Hours")
        user = make_patient(db, patient_email, "Quinn Request")
        patient = db.query(Patient).filter(Patient.user_id == user.id).one()
        db.add(CareTeamMembership(patient_id=patient.id, clinician_id=clinician.user_id))
        db.add(
            Appointment(
                patient_id=patient.id,
                clinician_id=clinician.user_id,
                clinic_id=demo_id("clinic", "steady-demo"),
                starts_at=starts,
                ends_at=starts + timedelta(minutes=50),
                status="requested",
                reason="Trouble sleeping again",
                created_by=user.id,
            )
        )
        assert db.get(User, clinician.user_id) is not None
    return clinician_email, patient_email


def test_a_clinician_sets_hours_and_answers_a_request(
    browser: Browser, live_server, sign_in_as
) -> None:
    clinician_email, patient_email = clinician_with_a_request()
    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(desk, clinician_email)
    open_page(desk, "/appointments")

    # Weekly hours: a missing time is named, then Monday mornings are published.
    desk.get_by_text("Add hours", exact=True).click()
    desk.get_by_role("radio", name="Monday").check()
    desk.get_by_role("button", name="Add these hours").click()
    expect(desk.get_by_text("Please choose a day, a start and end time")).to_be_visible()
    desk.get_by_label("From (clinic time)").fill("09:00")
    desk.get_by_label("Until").fill("12:00")
    desk.get_by_role("radio", name="50 minutes").check()
    desk.get_by_role("radio", name="In person").check()
    desk.get_by_label("Place, or video link").fill("Room 2, 12 River St")
    desk.get_by_role("button", name="Add these hours").click()
    hours = desk.locator(".list-row").filter(has_text="Room 2, 12 River St")
    expect(hours).to_contain_text("Monday · 09:00 - 12:00 · 50 min", use_inner_text=True)

    # A day away, named by its date on its own Remove button.
    away_day = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    desk.get_by_role("textbox", name="Day", exact=True).fill(away_day)
    desk.get_by_label("Note (only you see it)").fill("Training")
    desk.get_by_role("button", name="Add day away").click()
    expect(desk.get_by_role("button", name=f"Remove {away_day}")).to_be_visible()
    assert accessibility_violations(desk) == [] and small_targets(desk) == []

    desk.get_by_role("button", name="Remove Monday 09:00").click()
    expect(hours).to_have_count(0)
    desk.get_by_role("button", name=f"Remove {away_day}").click()
    expect(desk.get_by_role("button", name=f"Remove {away_day}")).to_have_count(0)

    # The request: declined, with the reason the patient will read.
    request = desk.locator(".list-row").filter(has_text="Quinn Request")
    expect(request).to_contain_text("Trouble sleeping again")
    request.get_by_role("radio", name="No (say why below)").check()
    request.get_by_label("Message to the patient").fill("I am away that day. Please pick Tuesday.")
    request.get_by_role("button", name="Send answer").click()
    expect(desk.get_by_text("Your answer was sent to the patient.")).to_be_visible()
    expect(desk.get_by_text("No requests are waiting.")).to_be_visible()

    phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(phone, patient_email)
    open_page(phone, "/appointments")
    expect(phone.get_by_text("I am away that day. Please pick Tuesday.")).to_be_visible()
    expect(phone.get_by_text("Not possible", exact=True)).to_be_visible()
    open_page(phone, "/messages")
    expect(phone.get_by_text("About your visit request")).to_be_visible()
    desk.context.close()
    phone.context.close()
