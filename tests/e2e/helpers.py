"""What a person would check on a page, as functions the browser tests share."""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.stack import SCALEOUT

CLINIC_NAME = "Riverside Behavioral Health"
# An init script: the page's Content-Security-Policy violations, kept in window.__violations.
LISTEN_FOR_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  e.violatedDirective + " " + (e.blockedURI || "inline")));"""
_AXE = Axe()

SMALL_TARGETS_JS = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [role="button"],' +
                   ' [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)].flatMap((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return [];          // not rendered
    if (getComputedStyle(el).visibility === 'hidden') return [];
    // Hidden from assistive technology and out of the tab order: not a control anyone uses
    // (the file picker's own 1x1 input; its visible button is checked instead).
    if (el.getAttribute('aria-hidden') === 'true' && el.tabIndex < 0) return [];
    if (box.width >= 47.5 && box.height >= 47.5) return [];
    return [`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ` +
            `${Math.round(box.width)}x${Math.round(box.height)}`];
  });
}"""


def open_page(page: Page, path: str) -> None:
    """Go to a page and wait until the app has loaded and talked to the server."""
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response}"
    expect(page.locator(".brand")).to_have_text(CLINIC_NAME)


def seen(page: Page, text: str) -> None:
    """The outcome is shown, inside the screen, and read out (a live region)."""
    told = page.get_by_text(text)
    expect(told).to_be_visible()
    expect(told).to_be_in_viewport()
    region = told.locator("xpath=ancestor-or-self::*[@role='status' or @role='alert'][1]")
    expect(region).to_have_count(1)


def accessibility_violations(page: Page) -> list[str]:
    """axe-core's findings on the page as it is now. The markup is the same whatever the
    database and state manager, so only the SQLite run (both screens) pays for axe; the
    PostgreSQL + Redis run checks behaviour (and keeps CI inside its time)."""
    if SCALEOUT:
        return []
    results = _AXE.run(page)
    return [
        f"{v['id']}: {v['help']} (at {[n['target'] for n in v['nodes']][:5]})"
        for v in results.response["violations"]
    ]


def small_targets(page: Page) -> list[str]:
    return list(page.evaluate(SMALL_TARGETS_JS))


def scrolls_sideways(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))


def dismiss_first_run(page: Page) -> None:
    """Answer the first-run prompt the way a person would, if it is showing."""
    done = page.get_by_role("button", name="Looks good")
    if done.is_visible():
        done.click()


def newest_link_for(
    outbox: Path, address: str, after: float, pattern: str = r"http://\S+/sign-in/link#t=\S+"
) -> str:
    """The link in the newest email to `address` written after `after` (what a person taps)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            if path.stat().st_mtime < after:
                break
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == address:
                found = re.search(f"({pattern})", message.get_body().get_content())
                if found:
                    return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no email with a link reached {address}")
