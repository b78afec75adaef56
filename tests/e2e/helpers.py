"""What a person would check on a page, as functions the browser tests share."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

CLINIC_NAME = "Riverside Behavioral Health"
_AXE = Axe()

SMALL_TARGETS_JS = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [role="button"],' +
                   ' [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)].flatMap((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return [];          // not rendered
    if (getComputedStyle(el).visibility === 'hidden') return [];
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


def accessibility_violations(page: Page) -> list[str]:
    results = _AXE.run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} places)" for v in results.response["violations"]
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
