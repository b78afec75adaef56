"""Text size, contrast and language: chosen once, applied everywhere, kept on the device."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    dismiss_first_run,
    open_page,
    scrolls_sideways,
    small_targets,
)


def root_font_px(page: Page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def test_first_run_prompt_sets_text_size_then_goes_away(sign_in_as, page: Page) -> None:
    sign_in_as(page, "riley@example.org")
    open_page(page, "/")
    prompt = page.get_by_role("region", name="Make it easier to read?")
    expect(prompt).to_be_visible()
    prompt.get_by_role("radio", name="Large", exact=True).check()
    assert root_font_px(page) == pytest.approx(22, abs=0.2)
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    prompt.get_by_role("button", name="Looks good").click()
    expect(prompt).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Welcome to Steady")
    expect(prompt).to_be_hidden()
    assert root_font_px(page) == pytest.approx(22, abs=0.2)


def test_high_contrast_and_spanish_apply_at_once_and_stay(page: Page) -> None:
    open_page(page, "/settings")
    page.get_by_role("radio", name="High contrast").check()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.get_by_role("radio", name="Español").check()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Ajustes")
    expect(page.get_by_role("link", name="Ayuda ahora")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "es"
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Ajustes")
    expect(page.get_by_role("radio", name="Alto contraste")).to_be_checked()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.get_by_role("link", name="Ayuda ahora").click()
    expect(page.get_by_role("dialog", name="Ayuda ahora")).to_be_visible()


@pytest.mark.parametrize("device", ["phone"], indirect=True)
@pytest.mark.parametrize("route", ["/", "/help", "/settings", "/crisis"])
def test_largest_text_on_a_small_phone_still_fits(sign_in_as, page: Page, route: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_as(page, "riley@example.org")
    open_page(page, "/settings")
    page.get_by_role("radio", name="Largest").check()
    assert root_font_px(page) == pytest.approx(26, abs=0.2)
    open_page(page, route)
    dismiss_first_run(page)
    assert not scrolls_sideways(page)
    assert small_targets(page) == []


@pytest.mark.parametrize("device", ["phone"], indirect=True)
@pytest.mark.parametrize("route", ["/", "/settings", "/crisis", "/messages"])
def test_double_text_size_at_320_px_still_fits(sign_in_as, page: Page, route: str) -> None:
    """WCAG 1.4.4 and 1.4.10: text at 200% on a 320 px screen, nothing cut off or sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_as(page, "riley@example.org")
    open_page(page, route)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert root_font_px(page) == pytest.approx(32, abs=0.2)
    assert not scrolls_sideways(page)
    assert small_targets(page) == []


LABELS_APART = """() => {
  const labels = [...document.querySelectorAll('.bottomnav .nav-label')]
    .filter((l) => l.offsetParent !== null);
  const boxes = labels.map((l) => l.getBoundingClientRect());
  const cut = labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent);
  const touching = boxes.slice(1).filter((b, i) => b.left < boxes[i].right + 2).length;
  return { cut, touching, count: labels.length };
}"""


@pytest.mark.parametrize("device", ["phone"], indirect=True)
@pytest.mark.parametrize("lang", ["English", "Español"])
def test_at_every_text_size_the_top_bar_leaves_the_screen_and_tabs_stay_apart(
    sign_in_as, page: Page, lang: str
) -> None:
    """Found: at the largest text the fixed top bar took 31% of a phone's screen, and two tab
    labels ran together."""
    sign_in_as(page, "riley@example.org")
    open_page(page, "/settings")
    page.get_by_role("radio", name=lang).check()
    english = lang == "English"
    sizes = ("Standard", "Large", "Largest") if english else ("Normal", "Grande", "Muy grande")
    group = page.get_by_role("group", name="Text size" if english else "Tamaño del texto")
    for size in sizes:
        group.get_by_role("radio", name=size, exact=True).check()
        open_page(page, "/")
        dismiss_first_run(page)
        bar = page.evaluate(
            "(() => { const t = document.querySelector('.topbar');"
            " return [getComputedStyle(t).position, t.getBoundingClientRect().height]; })()"
        )
        if bar[0] in ("sticky", "fixed"):
            assert bar[1] <= 0.2 * 844, (size, bar)  # a fifth of the screen at most
        labels = page.evaluate(LABELS_APART)
        assert labels["count"] >= 3 and labels["cut"] == [] and labels["touching"] == 0, (
            size,
            labels,
        )
        open_page(page, "/settings")
