"""The Content-Security-Policy allows only the portal's own scripts: each prerendered page's
inline scripts by hash, never 'unsafe-inline'. Every page loads with no violation, and a
script injected into a page (as an HTML injection would) does not run."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from portal_app.pages import PAGES
from tests.e2e.helpers import CLINIC_NAME, LISTEN_FOR_VIOLATIONS, open_page
from tests.stack import SCALEOUT

# The policy is the same on every stack: the SQLite run walks the pages.
pytestmark = pytest.mark.skipif(SCALEOUT, reason="same policy on every stack")

LISTEN = LISTEN_FOR_VIOLATIONS
STATIC_PAGES = ["/offline.html", "/journal.html", "/safety-plan.html"]


@pytest.fixture(params=["desktop"])
def device(request) -> str:  # the policy is the same on every screen
    return str(request.param)


def _routes() -> list[str]:
    routes = [p.route for p in PAGES if "[" not in p.route]
    return [*sorted(set(routes)), "/learn/sleep-better-nights"]


def test_no_page_needs_unsafe_inline_scripts(live_server) -> None:
    for route in ["/", "/sign-in", "/learn/sleep-better-nights", *STATIC_PAGES]:
        policy = httpx.get(live_server.url(route)).headers["content-security-policy"]
        scripts = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "unsafe-inline" not in scripts and "unsafe-eval" not in scripts, route


def test_every_page_loads_without_a_policy_violation(page: Page, sign_in_as) -> None:
    page.add_init_script(LISTEN)
    sign_in_as(page, "casey@example.org")
    seen: dict[str, list[str]] = {}
    for route in _routes() + STATIC_PAGES:
        if route.startswith("/admin"):
            continue
        page.goto(route)
        if route not in STATIC_PAGES:  # the app itself ran: it filled in the clinic's name
            expect(page.locator(".brand"), route).to_have_text(CLINIC_NAME)
        page.wait_for_timeout(200)
        seen[route] = page.evaluate("window.__violations")
    assert {route: found for route, found in seen.items() if found} == {}
    assert len(seen) >= 25


def test_admin_pages_load_without_a_policy_violation(page: Page, sign_in_as) -> None:
    page.add_init_script(LISTEN)
    sign_in_as(page, "admin@example.org")
    for route in [r for r in _routes() if r.startswith("/admin")]:
        open_page(page, route)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__violations") == [], route


def test_an_injected_script_does_not_run(page: Page) -> None:
    page.add_init_script(LISTEN)
    open_page(page, "/help")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true"; document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.__injected === true") is False
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
