"""Staff screens speak to staff, and the clinic settings clinicians hit are on screen (found:
a Check in tab and "Great job. You are taking your doses." for clinicians, "Coming soon" on
their account, "No open alerts. Well done.", a 7,000 px patient page, and booking mode or
cancellation hours only in the database)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import AuditEvent, Clinic
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_clinician

PATIENT_VOICE = ("Great job", "Well done", "Coming soon", "Your medicines", "You are taking")


def test_a_clinicians_screens_speak_to_a_clinician(sign_in_as, page: Page, device: str) -> None:
    email = f"dr.{uuid.uuid4().hex[:6]}@example.org"  # a new clinician: no patients yet
    with session_scope() as db:
        make_clinician(db, email, "Dr. Staff")
    sign_in_as(page, email)
    for path in ("/panel", "/alerts", "/account", "/messages"):
        open_page(page, path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="Check in")).to_have_count(0)
        shown = page.locator("main").inner_text()
        assert not [words for words in PATIENT_VOICE if words in shown], (path, shown[:300])
    open_page(page, "/alerts")
    expect(page.get_by_text("No open alerts.", exact=True)).to_be_visible()

    # Dr. Rivera's patient page is a summary first; the rarely used tools are one tap away.
    sign_in_as(page, "dr.rivera@example.org")
    open_page(page, "/panel")
    page.locator(".panel-row").filter(has_text="Alex Morgan").first.click()
    page.wait_for_url(re.compile(r"/patient/?\?id="))
    expect(page.get_by_role("heading", name="Phone and emergency contact")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Call Alex Morgan"))).to_have_attribute(
        "href", "tel:5550100142"
    )
    expect(page.get_by_role("heading", name="Reading for this patient")).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    page.get_by_text("More: reading, questionnaires, parent or guardian").click()
    expect(page.get_by_role("heading", name="Reading for this patient")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight") > height + 800
    page.get_by_role("link", name="Medicines and refills").click()
    shown = page.locator("main").inner_text()
    assert not [words for words in PATIENT_VOICE if words in shown], shown[:300]


def test_a_clinic_admin_sets_who_is_on_call_and_how_visits_are_booked(
    sign_in_as, page: Page, device: str
) -> None:
    sign_in_as(page, "admin@example.org")
    open_page(page, "/more")
    page.get_by_role("link", name="Clinic settings").click()
    expect(page.get_by_role("heading", name="Clinic settings", level=1)).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    expect(page.get_by_role("radio", name="Dr. Wei Chen")).to_be_checked()  # the demo's

    page.get_by_label("After-hours contact email").fill("not an email")
    page.get_by_role("radio", name="Dr. Ana Rivera").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("That email does not look right.")).to_be_visible()
    expect(page.get_by_label("After-hours contact email")).to_have_value("not an email")

    page.get_by_label("After-hours contact email").fill("answering@riverside.example")
    page.get_by_role("radio", name="30 minutes").check()
    page.get_by_role("radio", name="Patients ask, the clinician says yes").check()
    page.get_by_role("radio", name="2 days before").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Saved. The new settings are in use now.")).to_be_visible()
    with session_scope() as db:
        clinic = db.get(Clinic, demo_id("clinic", "steady-demo"))
        chosen = (
            clinic.on_call_clinician_id,
            clinic.after_hours_email,
            clinic.alert_escalation_minutes,
            clinic.booking_mode,
            clinic.cancel_before_hours,
        )
        # Put the demo back for the other tests.
        clinic.on_call_clinician_id = demo_id("user", "dr.chen@example.org")
        clinic.after_hours_email = "after-hours@riverside.example"
        clinic.alert_escalation_minutes, clinic.booking_mode = 60, "book"
        clinic.cancel_before_hours = 24
        db.add(clinic)
        changed = db.exec(
            select(AuditEvent).where(AuditEvent.action == "clinic.settings_changed")
        ).all()
    assert chosen == (
        demo_id("user", "dr.rivera@example.org"),
        "answering@riverside.example",
        30,
        "request",
        48,
    )
    assert changed
