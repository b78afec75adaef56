"""Skills and "Listen" on a phone: paced breathing changes its words (the circle stays still
when less motion is asked for, or is hidden for words only), 5-4-3-2-1 grounding goes step
by step, and "Listen" hands the shown words to the browser's speech in the page's language."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from portal_app.db import session_scope
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient

# The browser's speech engine is the browser's, not ours: record what the page asks it to say.
SPEECH_RECORDER = """
window.__said = [];
window.speechSynthesis.speak = (u) => window.__said.push({text: u.text, lang: u.lang});
"""


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_breathing_and_grounding(page: Page) -> None:
    open_page(page, "/skills")
    breathing = page.locator("[data-breathing]")
    page.get_by_role("button", name="Start").click()
    expect(breathing.locator("[data-breath-phase]")).to_have_text(
        "Breathe in…", use_inner_text=True
    )
    expect(breathing.locator("[data-breath-phase]")).to_have_text(
        "Breathe out slowly…", use_inner_text=True, timeout=8000
    )
    circle = breathing.locator(".breath-circle")
    assert circle.evaluate("e => getComputedStyle(e).transitionDuration") != "0s"
    page.get_by_role("checkbox", name="Words only, no moving circle").check()
    expect(circle).to_be_hidden()
    page.get_by_role("button", name="Stop").click()

    page.get_by_role("button", name="Begin").click()
    for step in (
        "5 things you can see",
        "4 things you can touch",
        "3 things you can hear",
        "2 things you can smell",
        "1 thing you can taste",
    ):
        expect(page.get_by_text(step)).to_be_visible()
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Well done.")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []


def test_the_circle_keeps_still_when_less_motion_is_asked_for(
    browser: Browser, live_server
) -> None:
    page = browser.new_context(
        base_url=live_server.origin, reduced_motion="reduce", **VIEWPORTS["phone"]
    ).new_page()
    open_page(page, "/skills")
    page.get_by_role("button", name="Start").click()
    circle = page.locator(".breath-circle")
    expect(page.locator("[data-breath-phase]")).to_have_text("Breathe in…", use_inner_text=True)
    assert circle.evaluate("e => getComputedStyle(e).transform") == "none"
    moving = circle.evaluate("e => parseFloat(getComputedStyle(e).transitionDuration)")
    assert moving < 0.01  # no visible movement (the site-wide rule for less motion)
    page.context.close()


def test_listen_reads_the_question_in_the_page_language(
    browser: Browser, live_server, sign_in_as
) -> None:
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    page.add_init_script(SPEECH_RECORDER)
    page.add_init_script("localStorage.setItem('steady.lang', 'es')")
    email = f"listen.{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as db:
        make_care_team_patient(db, email, "Lia Listen", demo_id("user", "dr.rivera@example.org"))
    sign_in_as(page, email)
    open_page(page, "/questionnaires")
    page.get_by_role("button", name="Preguntas sobre el ánimo (9 preguntas)").click()
    page.get_by_role("button", name="Escuchar").click()
    said = page.evaluate("window.__said")
    assert said and {s["lang"] for s in said} == {"es-US"}
    shown = page.locator("#question-read").inner_text()
    # Read a paragraph at a time, every word shown and nothing else.
    assert " ".join(s["text"] for s in said).split() == shown.split()
    assert "Durante las últimas 2 semanas" in shown
    page.context.close()


def test_a_thought_record_is_private_until_shared(
    browser: Browser, live_server, sign_in_as
) -> None:
    email, name = f"thought.{uuid.uuid4().hex[:6]}@example.org", f"Tia {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        make_care_team_patient(db, email, name, demo_id("user", "dr.rivera@example.org"))
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(page, email)
    open_page(page, "/skills")
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_text("Please write what happened or what you thought.")).to_be_visible()
    page.get_by_role("textbox", name="What happened?").fill("Nobody answered my text")
    page.get_by_role("textbox", name="What went through your mind?").fill("Private worry words")
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_text("Saved in your journal.", exact=True)).to_be_visible()
    page.get_by_role("textbox", name="What went through your mind?").fill("Shared worry words")
    page.get_by_role("checkbox", name="Share this with my care team").check()
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.locator(".list-row").filter(has_text="Shared worry words")).to_contain_text(
        "Shared with your care team", use_inner_text=True
    )
    assert accessibility_violations(page) == [] and small_targets(page) == []

    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(desk, "dr.rivera@example.org")
    open_page(desk, "/panel")
    desk.locator(".panel-row").filter(has_text=name).click()
    shared = desk.locator(".card").filter(has_text="Thought records the patient shared")
    expect(shared).to_contain_text("Shared worry words")
    expect(desk.get_by_text("Private worry words")).to_have_count(0)
    page.context.close()
    desk.context.close()
