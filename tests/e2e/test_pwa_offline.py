"""Installable, and still useful with no server: the app shell, "Get help now", the offline page.

This test stops the shared server, so it runs last (see the stops_server marker)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, LiveServer
from tests.e2e.helpers import open_page

pytestmark = pytest.mark.stops_server


def test_installable_then_works_offline(
    sign_in_as, playwright: Playwright, live_server: LiveServer, tmp_path: Path
) -> None:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=live_server.origin,
        **VIEWPORTS["phone"],
    )
    page = context.pages[0] if context.pages else context.new_page()
    sign_in_as(page, "alex@example.org")
    open_page(page, "/")
    # The worker installs (precaching the whole build), activates and takes control.
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []

    open_page(page, "/help")  # a page of the app, kept for offline

    live_server.stop()

    # Offline, Home is the offline page: the person's clinic, what still works, crisis help;
    # never the signed-out copy of Home (found: "Sign in" and "Steady" to a signed-in patient).
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("You are offline")
    expect(page.locator(".brand")).to_have_text("Riverside Behavioral Health")
    expect(page.get_by_role("link", name="Check in now")).to_have_attribute("href", "/check-in")
    expect(page.get_by_role("link", name="Open my safety plan")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)

    page.goto("/help")
    expect(page.get_by_role("status").filter(has_text="You are offline")).to_be_visible()
    page.get_by_role("link", name="Get help now").click()
    dialog = page.get_by_role("dialog", name="Get help now")
    expect(dialog.get_by_role("link", name=re.compile("^Call 988"))).to_have_attribute(
        "href", "tel:988"
    )
    dialog.get_by_role("button", name="Close").click()

    page.goto("/a-page-never-visited")
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("You are offline")
    expect(page.get_by_role("link", name=re.compile("^Call 988"))).to_have_attribute(
        "href", "tel:988"
    )
    clinic_line = page.get_by_role("link", name=re.compile("^Call your clinic after hours"))
    expect(clinic_line).to_have_attribute("href", "tel:5550100199")
    page.screenshot(path=str(ARTIFACTS / "offline-page-phone.png"), full_page=True)
    context.close()
