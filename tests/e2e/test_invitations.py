"""A clinic admin invites people; each invited person opens the email and chooses how to sign in."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import (
    CLINIC_NAME,
    accessibility_violations,
    newest_link_for,
    open_page,
    small_targets,
)

WELCOME_LINK = r"http://\S+/welcome#i=[A-Za-z0-9_-]+"


def fill_invitation(page: Page, name: str, address: str, role: str) -> None:
    page.get_by_role("textbox", name="Full name").fill(name)
    page.get_by_role("textbox", name="Email address").fill(address)
    page.get_by_role("radio", name=role).check()


def test_an_admin_invites_a_patient_who_makes_a_password(
    sign_in_as, page: Page, browser: Browser, stack, live_server, device: str
) -> None:
    address = f"robin.{uuid.uuid4().hex[:8]}@example.org"
    sign_in_as(page, "admin@example.org")
    open_page(page, "/admin/people")
    fill_invitation(page, "Robin Reyes", address, "Patient")
    page.get_by_role("button", name="Send the invitation").click()
    # A mistake is explained, and nothing typed is lost.
    expect(
        page.get_by_role("alert").filter(has_text="Please give a real date of birth")
    ).to_be_visible()
    expect(page.get_by_role("textbox", name="Email address")).to_have_value(address)
    assert accessibility_violations(page) == [] and small_targets(page) == []

    started = time.time() - 1
    page.get_by_label("Date of birth").fill("1991-04-12")
    page.get_by_role("radio", name="Dr. Ana Rivera").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").filter(has_text="We sent an invitation to:")).to_contain_text(
        "Robin Reyes"
    )
    expect(page.get_by_role("textbox", name="Email address")).to_have_value("")
    pending = page.get_by_role("listitem").filter(has_text=address)
    expect(pending).to_be_visible()

    link = newest_link_for(stack.data_dir / "outbox", address, started, WELCOME_LINK)
    robin = browser.new_context(base_url=live_server.origin, **VIEWPORTS[device]).new_page()
    robin.goto(link)
    expect(robin.get_by_role("heading", name="Welcome", exact=True)).to_be_visible()
    expect(robin.locator(".brand")).to_have_text(CLINIC_NAME)  # the app has loaded
    assert "#i=" not in robin.url  # the invitation leaves the address bar at once
    assert accessibility_violations(robin) == [] and small_targets(robin) == []
    robin.get_by_label("New password").fill("password")
    robin.get_by_role("button", name="Save and continue").click()
    expect(
        robin.get_by_role("alert").filter(has_text="Many people use that password")
    ).to_be_visible()
    robin.get_by_label("New password").fill("three green boats at dawn")
    robin.get_by_role("button", name="Save and continue").click()
    robin.wait_for_url(re.compile(r"/$"))
    expect(robin.get_by_role("heading", name="Hello, Robin Reyes")).to_be_visible()
    robin.context.close()

    open_page(page, "/admin/people")
    expect(page.get_by_role("listitem").filter(has_text=address)).to_have_count(0)


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_an_invited_clinician_chooses_a_password_then_must_add_the_second_step(
    sign_in_as, page: Page, browser: Browser, stack, live_server
) -> None:
    address = f"dr.{uuid.uuid4().hex[:8]}@example.org"
    sign_in_as(page, "admin@example.org")
    open_page(page, "/admin/people")
    started = time.time() - 1
    fill_invitation(page, "Dr. Lee Park", address, "Care team member")
    expect(page.get_by_label("Date of birth")).to_be_hidden()  # asked for patients only
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").filter(has_text="We sent an invitation to:")).to_be_visible()

    link = newest_link_for(stack.data_dir / "outbox", address, started, WELCOME_LINK)
    lee = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    lee.goto(link)
    expect(lee.locator(".brand")).to_have_text(CLINIC_NAME)  # the app has loaded: buttons work
    lee.get_by_role("button", name="Use email links").click()
    expect(
        lee.get_by_role("alert").filter(has_text="Care team members need a password")
    ).to_be_visible()
    lee.get_by_label("New password").fill("a lantern on the north hill")
    lee.get_by_role("button", name="Save and continue").click()
    expect(lee.get_by_role("heading", name="Add a second step to sign in")).to_be_visible()
    lee.context.close()


def test_people_who_are_not_clinic_admins_cannot_use_the_invite_page(
    sign_in_as, page: Page
) -> None:
    sign_in_as(page, "dr.rivera@example.org")
    open_page(page, "/admin/people")
    expect(page.get_by_text("This page is for clinic staff who manage the portal.")).to_be_visible()
    expect(page.get_by_role("button", name="Send the invitation")).to_have_count(0)
