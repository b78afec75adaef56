"""Passkeys in Chromium, with its virtual authenticator standing in for the phone's screen lock."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import accessibility_violations, open_page, small_targets


def give_the_browser_a_screen_lock(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_add_a_passkey_sign_in_with_it_then_remove_it(sign_in_as, page: Page, device: str) -> None:
    # A patient on the phone; on the desktop a clinic admin, whose passkey stands in for the
    # authenticator code (the phone checks the owner itself).
    address, name = (
        ("casey@example.org", "Casey Nguyen")
        if device == "phone"
        else ("admin@example.org", "Pat Okafor")
    )
    give_the_browser_a_screen_lock(page)
    sign_in_as(page, address)
    open_page(page, "/account")
    passkeys = page.locator("section, .card").filter(
        has=page.get_by_role("heading", name="Passkeys")
    )
    expect(passkeys.get_by_text("You have no passkeys yet.")).to_be_visible()
    passkeys.get_by_role("button", name="Add a passkey").click()
    # Two requests and the authenticator's ceremony: in one full CI rehearsal the PostgreSQL +
    # Redis run (two cores for several workers, Chromium and the SQLite run) did not confirm
    # within 15 s; alone it confirms within seconds. Still checked, with more time.
    expect(page.get_by_text("Your passkey is ready. Next time, sign in with it.")).to_be_visible(
        timeout=40_000
    )
    expect(passkeys.get_by_text("Not used yet")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []

    open_page(page, "/")
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()

    open_page(page, "/account")
    expect(passkeys.get_by_text("Not used yet")).to_be_hidden()
    expect(passkeys.get_by_role("listitem")).to_contain_text(
        re.compile(r"Last used:.*\d{4}-\d\d-\d\d \d\d:\d\d")
    )
    passkeys.get_by_role("button", name="Remove this passkey").click()
    expect(passkeys.get_by_text("You have no passkeys yet.")).to_be_visible()

    open_page(page, "/")
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    page.get_by_role("button", name="Sign in with a passkey").click()  # the key is gone here
    expect(
        page.get_by_text("We could not sign you in with a passkey. Try again, or use an email link")
    ).to_be_visible()
    assert re.search(r"/sign-in/?$", page.url)
