"""Two clinics on one server, side by side in Chromium: each hostname has its own name,
colours, language, numbers and installable app, and a sign-in at one is not a sign-in at the
other (the browser keeps cookies per origin; the server checks them per clinic too)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from portal_app.services.clinic.demo_seed import DEMO_PASSWORD
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS
from tests.e2e.helpers import CLINIC_NAME, accessibility_violations, small_targets

HARBOR_NAME = "Harbor Counseling Center"


def harbor_origin(live_server) -> str:
    return f"http://127.0.0.1:{urlsplit(live_server.origin).port}"


def brand_colour(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor"))


def after_hours_line(page: Page) -> str:
    line = page.locator("main [data-clinic-after-hours]")
    expect(line).to_be_visible()
    return str(line.locator("[data-clinic-after-hours-number]").inner_text())


def test_two_clinics_side_by_side_each_with_its_own_look(
    browser: Browser, live_server, device: str
) -> None:
    context = browser.new_context(**VIEWPORTS[device])
    riverside, harbor = context.new_page(), context.new_page()
    riverside.goto(f"{live_server.origin}/crisis")
    harbor.goto(f"{harbor_origin(live_server)}/crisis")
    expect(riverside.locator(".brand")).to_have_text(CLINIC_NAME)
    expect(harbor.locator(".brand")).to_have_text(HARBOR_NAME)
    # Harbor speaks Spanish first (its default language) and gives its Spanish line.
    expect(harbor.locator("html")).to_have_attribute("lang", "es")
    expect(riverside.locator("html")).to_have_attribute("lang", "en")
    assert after_hours_line(harbor) == "(555) 020-0188"
    assert after_hours_line(riverside) == "(555) 010-0199"
    assert brand_colour(riverside) == "rgb(29, 78, 137)"
    assert brand_colour(harbor) == "rgb(122, 46, 92)"
    manifests = [
        p.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
        for p in (riverside, harbor)
    ]
    assert [m["name"] for m in manifests] == [CLINIC_NAME, HARBOR_NAME]
    assert [m["theme_color"] for m in manifests] == ["#1d4e89", "#7a2e5c"]
    for name, page in (("riverside", riverside), ("harbor", harbor)):
        page.screenshot(path=str(ARTIFACTS / f"two-clinics-{name}-{device}.png"), full_page=True)
    assert accessibility_violations(harbor) == [] and small_targets(harbor) == []
    context.close()


def test_a_sign_in_at_one_clinic_is_not_a_sign_in_at_the_other(
    browser: Browser, live_server, device: str
) -> None:
    context = browser.new_context(**VIEWPORTS[device])
    harbor = context.new_page()
    harbor.add_init_script("localStorage.setItem('steady.tourDone', '1')")
    harbor.goto(f"{harbor_origin(live_server)}/sign-in")
    expect(harbor.locator(".brand")).to_have_text(HARBOR_NAME)
    form = harbor.locator("form").filter(has=harbor.get_by_label("Contraseña"))
    form.get_by_role("textbox", name="Su correo electrónico").fill("maria@harbor.example")
    harbor.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Entrar").click()
    harbor.wait_for_url(re.compile(r"/$"))
    expect(harbor.get_by_role("heading", name="Hola, María Flores")).to_be_visible()
    # The same browser, the other clinic: signed out there, and María's account is unknown.
    riverside = context.new_page()
    riverside.goto(f"{live_server.origin}/")
    riverside.wait_for_url(re.compile(r"/sign-in/?$"))
    expect(riverside.locator(".brand")).to_have_text(CLINIC_NAME)
    form = riverside.locator("form").filter(has=riverside.get_by_label("Password"))
    form.get_by_role("textbox", name="Your email address").fill("maria@harbor.example")
    riverside.get_by_label("Password").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(
        riverside.get_by_role("alert").filter(has_text="That email and password do not match.")
    ).to_be_visible()
    context.close()
