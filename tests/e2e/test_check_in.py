"""The daily check-in as a patient does it: tap, save, see it, change it the same day."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import CheckIn, Patient, User
from tests.e2e.helpers import accessibility_violations, open_page, scrolls_sideways, small_targets
from tests.factories import make_patient


def new_patient() -> str:
    email = f"checkin.{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as db:
        make_patient(db, email, "Cam Check")
    return email


def stored(email: str) -> list[CheckIn]:
    with session_scope() as db:
        user = db.exec(select(User).where(User.email == email)).one()
        patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
        return list(db.exec(select(CheckIn).where(CheckIn.patient_id == patient.id)).all())


def test_a_patient_checks_in_and_changes_it_the_same_day(sign_in_as, page: Page) -> None:
    email = new_patient()
    sign_in_as(page, email)
    open_page(page, "/check-in")
    expect(page.get_by_text("No one watches them all the time.")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    assert not scrolls_sideways(page)

    page.get_by_role("checkbox", name="Went outside").check()
    page.get_by_label("A note (you can skip this)").fill("Walked to the park.")
    page.get_by_role("button", name="Save my check-in").click()
    expect(
        page.get_by_role("alert").filter(has_text="Please choose how your mood is.")
    ).to_be_visible()
    expect(page.get_by_label("A note (you can skip this)")).to_have_value("Walked to the park.")
    expect(page.get_by_role("checkbox", name="Went outside")).to_be_checked()

    page.get_by_role("radio", name="Good", exact=True).check()
    page.get_by_role("radio", name="A little").check()
    page.get_by_role("radio", name="7", exact=True).check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("status").filter(has_text="Your check-in is saved.")).to_be_visible()
    history = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Your last 30 days")
    )
    expect(history.get_by_role("listitem")).to_have_count(1)
    expect(history).to_contain_text("Walked to the park.")
    expect(page.get_by_role("radio", name="Good", exact=True)).not_to_be_checked()  # a fresh form

    history.get_by_role("button", name="Change this check-in").click()
    expect(page.get_by_text("You are changing today's check-in.")).to_be_visible()
    expect(page.get_by_role("radio", name="Good", exact=True)).to_be_checked()
    expect(page.get_by_label("A note (you can skip this)")).to_have_value("Walked to the park.")
    page.get_by_role("radio", name="Very good").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("status").filter(has_text="Your check-in is saved.")).to_be_visible()
    expect(history.get_by_role("listitem")).to_have_count(1)

    calendar = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Mon"))
    expect(calendar.locator(".is-today")).to_contain_text("Very good")  # this month, in words

    # The patient's own tags: a bad one is explained and kept; a good one joins the choices.
    own = page.locator(".card").filter(has=page.get_by_role("heading", name="Your own tags"))
    own.get_by_role("textbox", name="A new tag").fill("<b>bold</b>")
    own.get_by_role("button", name="Add this tag").click()
    expect(own.get_by_role("alert").filter(has_text="Please use only letters")).to_be_visible()
    expect(own.get_by_role("textbox", name="A new tag")).to_have_value("<b>bold</b>")
    own.get_by_role("textbox", name="A new tag").fill("walked the dog")
    own.get_by_role("button", name="Add this tag").click()
    expect(own.get_by_role("textbox", name="A new tag")).to_have_value("")
    page.get_by_role("checkbox", name="walked the dog").check()
    page.get_by_role("radio", name="Okay", exact=True).check()
    page.get_by_role("radio", name="Not at all", exact=True).check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(history.get_by_role("listitem")).to_have_count(2)
    assert any(r.tags == ["walked the dog"] for r in stored(email))
    own.get_by_role("button", name="Remove walked the dog").click()
    expect(page.get_by_role("checkbox", name="walked the dog")).to_have_count(0)

    rows = [r for r in stored(email) if r.mood == 5]
    assert len(rows) == 1
    row = rows[0]
    assert (row.mood, row.anxiety, row.sleep_hours, row.tags, row.note) == (
        5,
        1,
        7.0,
        ["went_outside"],
        "Walked to the park.",
    )


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_check_ins_are_for_patients(sign_in_as, page: Page) -> None:
    sign_in_as(page, "dr.chen@example.org")
    open_page(page, "/check-in")
    expect(page.get_by_text("Check-ins are for patients.")).to_be_visible()
    expect(page.get_by_role("button", name="Save my check-in")).to_have_count(0)


def test_switching_to_spanish_on_the_screen_and_checking_in(sign_in_as, page: Page) -> None:
    email = new_patient()
    sign_in_as(page, email)
    open_page(page, "/check-in")
    page.get_by_role("banner").get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Registro diario", use_inner_text=True
    )
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("radio", name="Bien", exact=True).check()
    page.get_by_role("radio", name="Un poco").check()
    page.get_by_label("Una nota (puede saltar esto)").fill("Caminé al parque.")
    page.get_by_role("button", name="Guardar mi registro").click()
    expect(page.get_by_role("status").filter(has_text="Su registro está guardado.")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    assert [c.note for c in stored(email)] == ["Caminé al parque."]
    # The account keeps the choice: another device opens in Spanish too.
    with session_scope() as db:
        assert db.exec(select(User.language).where(User.email == email)).one().value == "es"
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily check-in", use_inner_text=True)
