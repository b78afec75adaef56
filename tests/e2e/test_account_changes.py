"""A patient changes their name and password and turns the second step on and off."""

from __future__ import annotations

import re
import uuid

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import User
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_patient


def new_patient() -> str:
    """A patient of this test's own, so the demo people keep their passwords."""
    email = f"pat.{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as db:
        make_patient(db, email, "Pat Rowe")
    return email


def card(page: Page, title: str):
    return page.locator(".card").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_a_patient_changes_name_password_and_second_step(sign_in_as, page: Page) -> None:
    email = new_patient()
    sign_in_as(page, email)
    open_page(page, "/account")
    about = card(page, "About you")
    expect(about).to_contain_text(email)
    about.get_by_role("textbox", name="Your name").fill("Pat R. Rowe")
    about.get_by_role("button", name="Save my name").click()
    expect(about.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []

    password = card(page, "Password")
    password.get_by_label("Your password now").fill("not my password")
    password.get_by_label("New password").fill("a kite over the bay")
    password.get_by_role("button", name="Save the new password").click()
    expect(
        password.get_by_role("alert").filter(has_text="Your password now is not right")
    ).to_be_visible()
    expect(password.get_by_label("New password")).to_have_value("a kite over the bay")  # kept
    password.get_by_label("Your password now").fill(DEMO_PASSWORD)
    password.get_by_role("button", name="Save the new password").click()
    expect(
        password.get_by_role("status").filter(has_text="Your new password is saved")
    ).to_be_visible()
    expect(password.get_by_label("New password")).to_have_value("")

    second = card(page, "A second step when you sign in")
    second.get_by_role("button", name="Turn on the second step").click()
    expect(
        second.get_by_role("img", name="Picture to scan with your authenticator app")
    ).to_be_visible()
    key = second.locator(".secret-key").inner_text().replace(" ", "")
    second.get_by_role("textbox", name="The 6-digit code from your app").fill(pyotp.TOTP(key).now())
    second.get_by_role("button", name="Confirm").click()
    expect(second.get_by_role("status").filter(has_text="The second step is on.")).to_be_visible()
    codes = second.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    second.get_by_role("button", name="I saved them. Continue").click()

    # Signing in with the new password now asks for the code.
    open_page(page, "/")
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    form = page.locator("form").filter(has=page.get_by_label("Password"))
    form.get_by_role("textbox", name="Your email address").fill(email)
    page.get_by_label("Password").fill("a kite over the bay")
    form.get_by_role("button", name="Sign in").click()
    page.get_by_role("textbox", name="The 6-digit code from your app").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Hello, Pat R. Rowe")).to_be_visible()

    open_page(page, "/account")
    second = card(page, "A second step when you sign in")
    second.get_by_role("textbox", name="The 6-digit code from your app").fill(codes[1])
    second.get_by_role("button", name="Turn off the second step").click()
    expect(second.get_by_role("status").filter(has_text="The second step is off.")).to_be_visible()
    expect(second.get_by_role("button", name="Turn on the second step")).to_be_visible()


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_spanish_chosen_on_a_device_follows_the_account(sign_in_as, page: Page) -> None:
    email = new_patient()
    sign_in_as(page, email)
    open_page(page, "/settings")
    page.get_by_role("radio", name="Español").check()
    for _ in range(50):
        with session_scope() as db:
            language = db.exec(select(User.language).where(User.email == email)).one()
        if language.value == "es":
            break
        page.wait_for_timeout(100)
    assert language.value == "es"
