"""On a phone, every form's outcome (a confirmation or an error) is on the screen where the
person is looking, and says what happened (found: "Your check-in is saved" 1,377 px above the
view, a caregiver invite's note at y = -3181, an error that made Save look like it did
nothing; "Ask for a refill" offered again while one waited; two check-ins for one day
because the form never said today was done; presets that did not tick what they named)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

from playwright.sync_api import Browser, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import Medicine
from portal_app.services.care_team import messaging
from portal_app.services.medication import refills
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, seen, small_targets
from tests.factories import make_care_team_patient
from tests.unit.test_medicines import RIVERA


def test_every_patient_and_staff_form_shows_its_outcome_on_a_phones_screen(
    browser: Browser, live_server, sign_in_as
) -> None:
    email, name = f"ola.{uuid.uuid4().hex[:6]}@example.org", f"Ola {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        _, patient = make_care_team_patient(db, email, name, RIVERA.user_id)
        form = MedicineForm(
            name="Sertraline", dose="50 mg", started_on="2026-01-01", times=("08:00",)
        )
        assert add_medicine(db, RIVERA, patient.id, form, now=datetime.now(UTC)) == ""
    context = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"])
    phone = context.new_page()
    sign_in_as(phone, email)

    # Check-in: the error is on screen and what was chosen stays; then the thanks is on screen.
    open_page(phone, "/check-in")
    # The calendar names its month in words (found: "2026-12").
    expect(phone.locator("table.calendar caption")).to_have_text(
        re.compile(r"^[A-Z][a-z]+ \d{4}$"), use_inner_text=True
    )
    expect(phone.get_by_text("You already checked in today.", exact=False)).to_have_count(0)
    phone.get_by_label("Okay").check()
    phone.get_by_role("button", name="Save my check-in").click()
    seen(phone, "Please choose how worried or tense you feel.")
    expect(phone.get_by_label("Okay")).to_be_checked()
    phone.get_by_label("A little").check()
    phone.get_by_role("button", name="Save my check-in").click()
    seen(phone, "Thank you. Your check-in is saved.")
    # Today is done, and the form says so, offering to change today's entry.
    expect(phone.get_by_text("You already checked in today.", exact=False)).to_be_visible()
    phone.get_by_role("button", name="Change today's check-in").click()
    expect(phone.get_by_text("You are changing today's check-in.")).to_be_visible()
    expect(phone.get_by_label("Okay")).to_be_checked()

    # A refill: asked once, the answer is on screen, and it is not offered again.
    open_page(phone, "/medicines")
    row = phone.locator(".list-row").filter(
        has=phone.get_by_role("heading", name="Sertraline · 50 mg")
    )
    row.get_by_role("button", name="Ask for a refill").click()
    row.get_by_role("button", name="Yes, ask").click()
    seen(phone, "Your request is sent. We will tell you the answer here.")
    expect(row.get_by_role("button", name="Ask for a refill")).to_have_count(0)
    expect(row.get_by_text("Refill asked for. Waiting for an answer.")).to_be_visible()

    # A caregiver invite: the preset ticks what it names; the note is on screen.
    open_page(phone, "/caregivers")
    phone.get_by_label("Help with visits only").check()
    expect(phone.get_by_label("See visits")).to_be_checked()
    expect(phone.get_by_label("See medicines and reminders")).not_to_be_checked()
    phone.get_by_label("Their name").fill("Rae Helper")
    phone.get_by_label("Their email").fill(f"rae.{uuid.uuid4().hex[:6]}@example.org")
    phone.get_by_role("button", name="Send the invitation").click()
    seen(phone, "Invitation sent. They can help once they say yes.")
    assert accessibility_violations(phone) == [] and small_targets(phone) == []

    # Staff on a phone: a wrong time format, and a decline without a note.
    staff = context.browser.new_context(
        base_url=live_server.origin, **VIEWPORTS["phone"]
    ).new_page()
    sign_in_as(staff, "dr.rivera@example.org")
    open_page(staff, f"/patient?id={patient.id}")
    staff.get_by_role("link", name="Medicines and refills").click()
    staff.get_by_role("textbox", name="Name", exact=True).fill("Melatonin")
    staff.get_by_role("textbox", name="Dose", exact=True).fill("3 mg")
    staff.get_by_label("Start date").fill(date.today().isoformat())
    staff.get_by_label("Dose times").fill("8am")
    staff.get_by_role("button", name="Add medicine").click()
    seen(staff, "Please type the times like 08:00, 20:00.")
    expect(staff.get_by_label("Dose times")).to_have_value("8am")
    # Dr. Rivera's list holds every patient's requests: this one is Ola's.
    request = staff.get_by_role("listitem").filter(has_text=name).filter(has_text="Sertraline")
    request.get_by_role("radio", name="Decline").check()
    request.get_by_role("button", name="Send answer").click()
    seen(staff, "Please pick an answer. To decline, add a short note that says why.")
    staff.context.close()
    context.close()


def test_home_lists_each_kind_of_reminder_once_and_only_while_it_is_true(
    browser: Browser, live_server, sign_in_as
) -> None:
    email = f"nia.{uuid.uuid4().hex[:6]}@example.org"
    now = datetime.now(UTC)
    with session_scope() as db:
        me, patient = make_care_team_patient(
            db, email, f"Nia {uuid.uuid4().hex[:4]}", RIVERA.user_id
        )
        threads = [
            messaging.start_thread(db, RIVERA, patient.id, f"Note {n}", "Hello again.", now=now)
            for n in (1, 2)
        ]
        for number in (1, 2):  # two refill answers
            form = MedicineForm(
                name=f"Med {number}", dose="1 mg", started_on="2026-01-01", times=("09:00",)
            )
            assert add_medicine(db, RIVERA, patient.id, form, now=now) == ""
        for medicine in db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).all():
            refills.request_refill(db, me, medicine.id, now=now)
        for refill in refills.waiting_refills(db, RIVERA, now=now):
            if refill.patient_id == patient.id:
                assert refills.decide_refill(db, RIVERA, refill.id, True, "", now=now) == ""
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email)
    open_page(page, "/")
    expect(page.get_by_role("link", name="You have a new message")).to_have_count(1)
    expect(page.get_by_role("link", name="Your refill request has an answer")).to_have_count(1)
    assert small_targets(page) == []
    # Once the messages are read, Home no longer says there is a new one.
    with session_scope() as db:
        for thread in threads:
            messaging.open_thread(db, me, thread.id, now=datetime.now(UTC))
    open_page(page, "/")
    expect(page.get_by_text("No new messages", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="You have a new message")).to_have_count(0)
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("link", name="Your refill request has an answer")).to_have_count(0)
    page.context.close()
