"""Signing in the way a person does: by an emailed link, or by a password; then signing out."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from portal_app.services.clinic.demo_seed import DEMO_PASSWORD
from tests.e2e.helpers import accessibility_violations, newest_link_for, open_page, small_targets


def test_sign_in_page_is_accessible(page: Page) -> None:
    open_page(page, "/sign-in")
    # The suite runs on the demo clinic, whose people are made up: the page says so.
    expect(
        page.get_by_text("This is a demo clinic. The people and their stories are made up.")
    ).to_be_visible()
    assert accessibility_violations(page) == []
    assert small_targets(page) == []


def test_sign_in_by_email_link_then_sign_out(page: Page, stack, device: str) -> None:
    address = "jordan@example.org" if device == "phone" else "quinn@example.org"
    open_page(page, "/sign-in")
    started = time.time() - 1
    page.get_by_role("textbox", name="Your email address").first.fill(address)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text("Check your email.")).to_be_visible()

    link = newest_link_for(stack.data_dir / "outbox", address, started)
    page.goto(link)
    page.get_by_role("button", name="Sign in now").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "#t=" not in page.url
    name = "Jordan Lee" if device == "phone" else "Quinn Patel"
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    page.goto(link)  # the same link again: used up
    page.get_by_role("button", name="Sign in now").click()
    expect(page.get_by_text("This link has expired or was already used.")).to_be_visible()


def test_wrong_password_keeps_what_was_typed_then_right_one_signs_in(page: Page) -> None:
    open_page(page, "/sign-in")
    form = page.locator("form").filter(has=page.get_by_label("Password"))
    form.get_by_role("textbox", name="Your email address").fill("alex@example.org")
    page.get_by_label("Password").fill("not-the-password")
    form.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("alert").filter(has_text="That email and password do not match.")
    ).to_be_visible()
    expect(form.get_by_role("textbox", name="Your email address")).to_have_value("alex@example.org")

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Hello, Alex Morgan")).to_be_visible()


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_the_session_token_never_reaches_page_scripts(page: Page) -> None:
    frames: list[str] = []
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload)))
    )
    open_page(page, "/sign-in")
    form = page.locator("form").filter(has=page.get_by_label("Password"))
    form.get_by_role("textbox", name="Your email address").fill("taylor@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Hello, Taylor Brooks")).to_be_visible()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "__Host-steady_session")
    assert page.evaluate("document.cookie").find(token) == -1  # HttpOnly
    assert frames and not [f for f in frames if token in f]


def test_idle_warning_stay_signed_in_then_sign_out_after_15_minutes(sign_in_as, page: Page) -> None:
    sign_in_as(page, "riley@example.org")
    page.clock.install()
    open_page(page, "/messages")
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Messages")

    page.clock.fast_forward("13:05")
    dialog = page.get_by_role("dialog", name="Are you still there?")
    expect(dialog).to_be_visible()
    assert small_targets(page) == [] and accessibility_violations(page) == []
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Messages")

    page.clock.fast_forward("12:00")
    expect(dialog).to_be_hidden()  # staying restarted the 15 minutes
    page.clock.fast_forward("03:30")
    page.wait_for_url(re.compile(r"/sign-in/?\?reason=idle$"))
    expect(page.get_by_text("You were signed out because there was no activity")).to_be_visible()
    page.goto("/messages")  # the session is really over, not just hidden
    page.wait_for_url(re.compile(r"/sign-in/?$"))


def test_a_clinician_sets_up_the_second_step_then_uses_a_recovery_code(
    page: Page, device: str
) -> None:
    import pyotp

    address = "dr.rivera@example.org" if device == "phone" else "dr.chen@example.org"

    def password_step() -> None:
        open_page(page, "/sign-in")
        form = page.locator("form").filter(has=page.get_by_label("Password"))
        form.get_by_role("textbox", name="Your email address").fill(address)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        form.get_by_role("button", name="Sign in").click()

    password_step()
    expect(page.get_by_role("heading", name="Add a second step to sign in")).to_be_visible()
    expect(
        page.get_by_role("img", name="Picture to scan with your authenticator app")
    ).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    # What a person's authenticator app does with the key shown on the screen:
    key = page.locator(".secret-key").inner_text().replace(" ", "")
    code_box = page.get_by_role("textbox", name="The 6-digit code from your app")
    code_box.fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert").filter(has_text="That code did not work.")).to_be_visible()
    code_box.fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I saved them. Continue").click()
    # A clinician's home is their panel of patients.
    page.wait_for_url(re.compile(r"/panel/?$"))
    expect(page.get_by_role("heading", name="Your patients")).to_be_visible()

    open_page(page, "/more")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    password_step()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_role("textbox", name="The 6-digit code from your app").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/panel/?$"))
    expect(page.get_by_role("heading", name="Your patients")).to_be_visible()
