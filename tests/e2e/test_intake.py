"""An intake form from start to end: the clinic admin builds it on a computer in English and
Spanish and offers it; a new patient finds it on Home on her phone, misses a question and is
told where she tapped with her words kept, then sends it; her clinician reads the answers on
her page. The form is retired at the end, so no other test's patients see it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from portal_app.db import session_scope
from portal_app.models import Role, User
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.intake.forms import forms_of_clinic, retire
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, seen, small_targets
from tests.factories import make_care_team_patient, make_clinician

ADMIN = "admin@example.org"


def add_question(page: Page, kind: str, en: str, es: str, choices: tuple[str, str] = ("", "")):
    page.get_by_role("radio", name=kind).check()
    page.get_by_role("textbox", name="The question in English", exact=True).fill(en)
    page.get_by_role("textbox", name="The question in Spanish", exact=True).fill(es)
    if choices[0]:
        page.get_by_role("textbox", name="Choices in English", exact=True).fill(choices[0])
        page.get_by_role("textbox", name="Choices in Spanish", exact=True).fill(choices[1])
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("listitem").filter(has_text=en)).to_be_visible()


def retire_all() -> None:
    clinic = demo_id("clinic", "steady-demo")
    admin = Actor(demo_id("user", ADMIN), Role.CLINIC_ADMIN, clinic)
    with session_scope() as db:
        for form in forms_of_clinic(db, admin):
            retire(db, admin, form.id, now=datetime.now(UTC))


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_an_intake_form_from_the_admin_to_the_patient_to_the_clinician(
    browser: Browser, live_server, sign_in_as, page: Page
) -> None:
    name = f"Noa {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        clinician = make_clinician(db, f"dr.{uuid.uuid4().hex[:6]}@example.org", "Dr. Ito")
        email = f"noa.{uuid.uuid4().hex[:6]}@example.org"
        _, patient = make_care_team_patient(db, email, name, clinician.user_id)
        clinician_email = db.get(User, clinician.user_id).email
    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"])
    try:
        admin = desk.new_page()
        sign_in_as(admin, ADMIN)
        open_page(admin, "/admin/intake")
        admin.get_by_role("textbox", name="Name of the form in English", exact=True).fill(
            "Before we meet"
        )
        admin.get_by_role("button", name="Make the form").click()
        seen(admin, "Please write the name in English and in Spanish.")  # Spanish missing
        admin.get_by_role("textbox", name="Name of the form in Spanish", exact=True).fill(
            "Antes de conocernos"
        )
        admin.get_by_role("button", name="Make the form").click()
        expect(admin.get_by_role("heading", name="Draft: Before we meet")).to_be_visible()
        # Made: the new-form fields are empty again, so a second tap makes no twin.
        expect(
            admin.get_by_role("textbox", name="Name of the form in English", exact=True)
        ).to_have_value("")
        add_question(admin, "In their own words", "What brings you to us?", "¿Qué le trae?")
        add_question(
            admin,
            "They pick one choice",
            "How did you hear of us?",
            "¿Cómo supo de nosotros?",
            ("A friend\nMy doctor\nThe web", "Un amigo\nMi médico\nLa web"),
        )
        add_question(admin, "Yes or no", "Are you in counseling now?", "¿Está en consejería?")
        assert accessibility_violations(admin) == [] and small_targets(admin) == []
        admin.screenshot(path=str(ARTIFACTS / "intake-admin-desktop.png"), full_page=True)
        admin.get_by_role("button", name="Offer it to patients").click()
        seen(admin, "The form is offered to patients now.")

        # The patient, on her phone.
        sign_in_as(page, email)
        open_page(page, "/")
        page.get_by_role("link", name="Answer the questions").click()
        expect(page.get_by_role("heading", name="Before we meet")).to_be_visible()
        page.get_by_role("textbox", name="1. What brings you to us?").fill("I cannot sleep")
        page.get_by_role("radio", name="Yes").check()
        page.get_by_role("button", name="Send my answers").click()
        seen(page, "Nothing was sent yet. Please look at question:")
        summary = page.get_by_role("alert").filter(has_text="Nothing was sent yet")
        expect(summary).to_have_text(  # as read on screen (the Spanish words are hidden)
            "Nothing was sent yet. Please look at question: 2", use_inner_text=True
        )
        expect(page.get_by_text("Please answer this question.")).to_be_visible()
        expect(page.get_by_role("textbox", name="1. What brings you to us?")).to_have_value(
            "I cannot sleep"
        )
        assert accessibility_violations(page) == [] and small_targets(page) == []
        page.screenshot(path=str(ARTIFACTS / "intake-patient-phone.png"), full_page=True)
        page.get_by_role("radio", name="My doctor").check()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
        open_page(page, "/")
        expect(page.get_by_role("link", name="Answer the questions")).to_have_count(0)

        # Her clinician reads the answers on her page.
        staff = desk.new_page()
        sign_in_as(staff, clinician_email)
        open_page(staff, f"/patient?id={patient.id}")
        answers = staff.get_by_role("heading", name="Intake answers").locator("xpath=..")
        expect(answers.get_by_text("Before we meet")).to_be_visible()
        expect(answers.get_by_text("I cannot sleep").first).to_be_visible()  # en, then es
        expect(answers.get_by_text("My doctor")).to_be_visible()
        assert accessibility_violations(staff) == []
        staff.screenshot(path=str(ARTIFACTS / "intake-clinician-desktop.png"), full_page=True)
    finally:
        desk.close()
        retire_all()
