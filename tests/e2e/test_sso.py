"""A clinic admin connects the clinic's identity provider on screen, and a clinician signs in
through the provider's own login page and lands on their panel; someone the provider does not
map gets a kind word on the sign-in page. The provider is oidc-provider (OpenID Certified),
run on loopback by the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session

from portal_app.db import get_engine
from portal_app.models import ClinicSso
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import SCREENS, VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.oidc import CLIENT_ID, CLIENT_SECRET, running_provider

RIVERSIDE = demo_id("clinic", "steady-demo")


@pytest.fixture(scope="module")
def issuer(live_server) -> Iterator[str]:
    with running_provider([live_server.origin + "/api/sso/callback"]) as running:
        yield running
    with Session(get_engine()) as db:
        row = db.get(ClinicSso, RIVERSIDE)
        if row is not None:
            db.delete(row)
            db.commit()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_admin_connects_the_provider_on_screen(
    browser: Browser, live_server, sign_in_as, issuer: str, screen: str
) -> None:
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS[screen]).new_page()
    sign_in_as(page, "admin@example.org")
    open_page(page, "/admin/sso")
    page.get_by_label("Name on the button").fill("Riverside Okta")
    page.get_by_label("Provider address (issuer)").fill("login.riverside.example/oauth")
    page.get_by_role("textbox", name="Client ID", exact=True).fill(CLIENT_ID)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_label("Group for clinicians").fill("steady-clinicians")
    page.get_by_label("Group for clinic admins").fill("steady-admins")
    page.get_by_role("button", name="Save sign-in").click()
    expect(
        page.get_by_role("alert").filter(has_text="Please type the provider's address")
    ).to_be_visible()
    expect(page.get_by_label("Name on the button")).to_have_value("Riverside Okta")  # kept
    page.get_by_label("Provider address (issuer)").fill(issuer)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_role("button", name="Save sign-in").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(page.get_by_label("Client secret")).to_have_value("")  # never shown again
    expect(page.get_by_text(live_server.origin + "/api/sso/callback")).to_be_visible()
    assert accessibility_violations(page) == []
    assert small_targets(page) == []
    page.context.close()


def test_a_clinician_signs_in_through_the_providers_own_page(
    browser: Browser, live_server, sign_in_as, issuer: str
) -> None:
    with Session(get_engine()) as db:
        assert db.get(ClinicSso, RIVERSIDE) is not None, "the admin's test saved it"
    context = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"])
    page = context.new_page()
    open_page(page, "/sign-in")
    page.get_by_role("link", name="Sign in with Riverside Okta").click()
    # The provider's own login page, then its consent page.
    page.get_by_placeholder("Enter any login").fill("dr.okta@example.org")
    page.get_by_placeholder("and password").fill("anything")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.origin + "/panel**")
    expect(page.locator(".brand")).to_have_text("Riverside Behavioral Health")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Sign in with Riverside Okta")).to_have_count(0)

    # Someone the provider knows but the clinic did not map: a kind word, no session.
    stranger = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    open_page(stranger, "/sign-in")
    stranger.get_by_role("link", name="Sign in with Riverside Okta").click()
    stranger.get_by_placeholder("Enter any login").fill("nogroup.okta@example.org")
    stranger.get_by_placeholder("and password").fill("anything")
    stranger.get_by_role("button", name="Sign-in").click()
    stranger.get_by_role("button", name="Continue").click()
    stranger.wait_for_url("**/sign-in?sso=no_group")
    expect(
        stranger.get_by_role("alert").filter(has_text="does not give you access")
    ).to_be_visible()
    expect(stranger.get_by_role("link", name="Sign in with Riverside Okta")).to_be_visible()
    stranger.context.close()
    context.close()

    # The admin sees where each staff account signs in.
    admin = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(admin, "admin@example.org")
    open_page(admin, "/admin/staff")
    okta = admin.get_by_role("listitem").filter(has_text="dr.okta@example.org")
    expect(okta).to_contain_text("Signs in with the provider")
    rivera = admin.get_by_role("listitem").filter(has_text="dr.rivera@example.org")
    expect(rivera).to_contain_text("Signs in with a password")
    admin.context.close()
