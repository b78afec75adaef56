"""Every page: loads in the production build, has one <h1>, passes axe, has big targets, and
"Get help now" / "Quick exit" work the way a person would use them."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from portal_app.db import session_scope
from portal_app.services.identity.sessions import SESSION_COOKIE, resolve_session
from tests.e2e.helpers import (
    accessibility_violations,
    open_page,
    scrolls_sideways,
    small_targets,
)
from tests.factories import DEMO_CLINIC

ROUTES = ["/", "/check-in", "/messages", "/more", "/help", "/settings", "/sign-in", "/crisis"]
SIGNED_IN_ONLY = {"/", "/check-in", "/messages"}


@pytest.mark.parametrize("route", ROUTES)
def test_page_is_usable_and_accessible(sign_in_as, page: Page, route: str, live_server) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    if route in SIGNED_IN_ONLY:
        sign_in_as(page, "casey@example.org")
    open_page(page, route)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("banner").get_by_role("link", name="Get help now")).to_be_visible()
    assert accessibility_violations(page) == []
    assert small_targets(page) == []
    assert not scrolls_sideways(page)
    font_px = float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))
    assert font_px >= 18
    # Nothing loads from anywhere but the portal: no CDN, web fonts or telemetry.
    ws_origin = live_server.origin.replace("http", "ws", 1)
    assert [u for u in requested if not u.startswith((live_server.origin, ws_origin))] == []


@pytest.mark.parametrize("route", sorted(SIGNED_IN_ONLY))
def test_signed_in_pages_send_strangers_to_sign_in(page: Page, route: str) -> None:
    page.goto(route)
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Sign in")
    expect(page.get_by_role("banner").get_by_role("link", name="Get help now")).to_be_visible()


def test_unknown_page_says_so_kindly_and_offers_the_way_home(page: Page) -> None:
    page.goto("/no/such/page")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_accessible_name("We can't find that page")
    expect(page.get_by_role("banner").get_by_role("link", name="Get help now")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Go to Home").click()
    expect(heading).to_have_accessible_name(re.compile("^(Welcome to Steady|Sign in)$"))


def test_get_help_now_by_keyboard_shows_real_crisis_links(page: Page) -> None:
    open_page(page, "/help")
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText.trim()") == "Get help now":
            break
    focused = page.locator(":focus")
    expect(focused).to_have_accessible_name("Get help now")
    page.keyboard.press("Enter")

    dialog = page.get_by_role("dialog", name="Get help now")
    expect(dialog).to_be_visible()
    links = {
        "Call 988": "tel:988",
        "Text 988": "sms:988",
        "Veterans: call 988, then press 1": "tel:988,1",
        "In Spanish: call 988, then press 2": "tel:988,2",
        "Text HOME to 741741": "sms:741741?&body=HOME",
        "Call 911": "tel:911",
        "Call your clinic after hours": "tel:5550100199",
    }
    for name, href in links.items():
        expect(
            dialog.get_by_role("link", name=re.compile("^" + re.escape(name)))
        ).to_have_attribute("href", href)
    assert small_targets(page) == []
    assert accessibility_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(":focus")).to_have_accessible_name("Get help now")


def test_closing_get_help_now_returns_focus_even_when_the_page_was_redrawn(page: Page) -> None:
    """The app may put a fresh copy of the page in place while the dialog is open (a slow
    phone finishing its load): a keyboard user still lands back on "Get help now"."""
    open_page(page, "/help")
    opener = page.get_by_role("banner").get_by_role("link", name="Get help now")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Get help now")
    expect(dialog).to_be_visible()
    page.evaluate(
        """() => { const link = document.querySelector('header [data-opens-dialog]');
                   link.replaceWith(link.cloneNode(true)); }"""
    )
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(":focus")).to_have_accessible_name("Get help now")


def test_get_help_now_works_before_the_app_has_loaded(page: Page) -> None:
    # Nothing of the React app may load: only the HTML and the plain-JS helper.
    page.route(re.compile(r".*/assets/.*\.js$"), lambda route: route.abort())
    page.goto("/messages")
    page.get_by_role("banner").get_by_role("link", name="Get help now").click()
    dialog = page.get_by_role("dialog", name="Get help now")
    expect(dialog.get_by_role("link", name=re.compile("^Call 988"))).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_a_form_sent_before_the_app_has_loaded_never_puts_what_was_typed_in_the_address(
    page: Page,
) -> None:
    """The page shows before its scripts: a form sent then must not become a web address
    holding what was typed (the browser's own submit of a form without an action)."""
    page.route(re.compile(r".*/assets/.*\.js$"), lambda route: route.abort())
    page.goto("/sign-in")
    email = page.get_by_role("textbox", name="Your email address").first
    email.fill("secret.person@example.org")
    email.press("Enter")
    page.wait_for_timeout(1000)
    assert "secret" not in page.url and page.url.endswith("/sign-in")


def test_quick_exit_leaves_and_back_does_not_return(page: Page) -> None:
    open_page(page, "/help")
    open_page(page, "/settings")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.google.com/")
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()
    page.go_back()
    assert not page.url.endswith("/settings"), "Back returned to the page the person left"


def test_after_quick_exit_nothing_personal_is_one_back_tap_away(
    page: Page, sign_in_as, live_server
) -> None:
    """Found: Home -> Messages -> Quick exit -> Back showed "Hello, Alex Morgan". Now the
    session ends on the server at once and no page of the portal shows anything of the
    person again, by Back, by the back-forward cache, or by a reload."""
    sign_in_as(page, "alex@example.org")
    open_page(page, "/")
    expect(page.get_by_role("heading", name="Hello, Alex Morgan")).to_be_visible()
    page.get_by_role("link", name="Messages").first.click()
    page.wait_for_url(re.compile(r"/messages/?$"))
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.google.com/")
    assert _session_ends_within(cookie, seconds=3.0)
    for _ in range(5):
        page.go_back()
        page.wait_for_load_state()
        _shows_nothing_of_alex(page)
    page.reload()
    page.wait_for_load_state()
    _shows_nothing_of_alex(page)


def _session_ends_within(cookie: str, *, seconds: float) -> bool:
    """The page leaves at once and tells the server by a beacon, which may land a moment after
    the next site has loaded (found on CI: checked 1 ms after, it had not yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with session_scope() as db:
            if (
                resolve_session(
                    db, cookie, clinic_id=DEMO_CLINIC, now=datetime.now(UTC), touch=False
                )
                is None
            ):
                return True
        time.sleep(0.1)
    return False


def _shows_nothing_of_alex(page: Page) -> None:
    if page.url.startswith("https://www.google.com"):
        return
    page.wait_for_timeout(1500)  # whatever the page would show, it has shown by now
    body = page.locator("body").inner_text()
    assert "Alex" not in body and "Morgan" not in body, f"{page.url}: {body[:200]}"


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
@pytest.mark.parametrize("path", ["/offline.html", "/journal.html", "/safety-plan.html"])
def test_the_offline_pages_use_a_desktop_screen(page: Page, path: str) -> None:
    """They have no side navigation: their words must not sit in its narrow column (found:
    180 px of text on a 1280 px screen)."""
    page.goto(path)
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    width = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert width > 600
