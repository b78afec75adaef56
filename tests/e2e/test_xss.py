"""Nothing a person types ever runs as code: a corpus of injection attempts is stored in
messages, subjects, journal notes and names, then every page that shows them is opened by the
patient and by the clinician. No attempt may run, no injected element or handler may reach the
page, no link may lead anywhere but http(s), and the words are shown exactly as typed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from portal_app.db import session_scope
from portal_app.models import CheckIn, Role
from portal_app.services.access import Actor
from portal_app.services.care_team.messaging import reply, start_thread
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.groups.groups import create_group
from portal_app.services.groups.membership import ask_to_join, decide, requests_for
from portal_app.services.groups.posts import moderate, post
from portal_app.services.groups.sharing import share
from portal_app.services.problems import GroupProblem
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import open_page
from tests.e2e.xss_corpus import NAME_PAYLOADS, PAYLOADS
from tests.factories import make_care_team_patient

RIVERA = demo_id("user", "dr.rivera@example.org")
TRAP = """
window.__xssHits = [];
window.__xss = (n) => window.__xssHits.push(String(n));
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (n) => window.__xssHits.push(name + ":" + n);
}
"""
INJECTED = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll("main *")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) found.push(el.tagName + " " + attr.name);
    }
  }
  // Where people's words are shown, only text, line breaks and our safe links may appear.
  const words =
    ".message-body, .message-meta, .thread-button, .panel-row, .list-row, .user-text, h2";
  for (const holder of document.querySelectorAll(words)) {
    for (const el of holder.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      if (!["span", "strong", "a", "p", "br", "svg", "use", "path", "circle", "line", "polyline",
            "rect", "button"].includes(tag)) found.push(tag);
      if (tag === "svg" && el.closest(".message-body")) found.push("svg in a message");
      // Our icons point into our own sprite, and nowhere else.
      if (tag === "use" && !/^\/icons\.svg#[a-z0-9-]+$/.test(el.getAttribute("href") || "")) {
        found.push("use " + el.getAttribute("href"));
      }
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    const safe = ["http:", "https:", "tel:", "sms:"].includes(url.protocol);
    if (!safe) found.push("link " + url.protocol);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def planted():
    """A patient whose name, messages, subjects and journal notes are all attacks."""
    email = f"xss.{uuid.uuid4().hex[:6]}@example.org"
    now = datetime.now(UTC)
    with session_scope() as db:
        me, patient = make_care_team_patient(db, email, NAME_PAYLOADS[1], RIVERA)
        patient.preferred_name = NAME_PAYLOADS[0]
        db.add(patient)
        team = Actor(RIVERA, Role.CLINICIAN, me.clinic_id)
        for start in range(0, len(PAYLOADS), 20):
            chunk = PAYLOADS[start : start + 20]
            thread = start_thread(db, me, None, chunk[0], chunk[0], now=now)
            for i, payload in enumerate(chunk[1:], 1):
                author = team if i % 2 else me
                reply(db, author, thread.id, payload, now=now + timedelta(seconds=i))
        for i, payload in enumerate(PAYLOADS):
            db.add(
                CheckIn(
                    id=uuid.uuid4(),
                    patient_id=patient.id,
                    local_date=now.date(),
                    mood=3,
                    anxiety=1,
                    note=payload,
                    recorded_at=now - timedelta(minutes=i),
                )
            )
    return email


def visit(page: Page, path: str) -> None:
    open_page(page, path)
    page.wait_for_timeout(800)


def assert_nothing_ran(page: Page, where: str) -> None:
    # Hover and focus every link and button, as a person moving around the page would.
    for element in page.locator("main a, main button").all()[:200]:
        if element.is_visible():
            element.hover()
    assert page.evaluate("() => window.__xssHits") == [], where
    assert page.evaluate(INJECTED) == [], where


def test_no_typed_attack_runs_for_the_patient_or_the_clinician(
    browser: Browser, live_server, sign_in_as, planted
) -> None:
    dialogs: list[str] = []
    patient = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"])
    clinician = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"])
    for context in (patient, clinician):
        context.add_init_script(TRAP)
        context.on(
            "page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        )
    mine, desk = patient.new_page(), clinician.new_page()
    for page in (mine, desk):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in_as(mine, planted)
    sign_in_as(desk, "dr.rivera@example.org")

    # The patient: their messages (every thread, every message), journal and Home.
    visit(mine, "/messages")
    expect(mine.locator(".thread-button")).to_have_count(3)
    shown: list[str] = []
    for index in range(3):
        mine.locator(".thread-button").nth(index).click()
        expect(mine.locator(".message-bubble").first).to_be_visible()
        shown += mine.locator(".message-body").all_text_contents()
        assert_nothing_ran(mine, f"patient thread {index}")
        mine.get_by_role("button", name="Back to all messages").click()
    visit(mine, "/check-in")
    assert_nothing_ran(mine, "patient check-in")
    visit(mine, "/")
    assert_nothing_ran(mine, "patient home")

    # The clinician: panel, inbox, each thread, the patient's page and trends.
    visit(desk, "/panel")
    expect(desk.get_by_text(NAME_PAYLOADS[1]).first).to_be_visible()
    assert_nothing_ran(desk, "panel")
    visit(desk, "/messages")
    desk.get_by_role("button", name="All", exact=True).click()
    rows = desk.locator(".thread-button").filter(has_text=NAME_PAYLOADS[1])
    expect(rows).to_have_count(3)
    seen: list[str] = []
    for index in range(3):
        desk.locator(".thread-button").filter(has_text=NAME_PAYLOADS[1]).nth(index).click()
        expect(desk.locator(".message-bubble").first).to_be_visible()
        seen += desk.locator(".message-body").all_text_contents()
        assert_nothing_ran(desk, f"clinician thread {index}")
        desk.get_by_role("button", name="Back to all messages").click()
    visit(desk, "/panel")
    desk.locator(".panel-row").filter(has_text=NAME_PAYLOADS[1]).first.click()
    expect(desk.get_by_role("heading", name="Check-ins in this time")).to_be_visible()
    assert_nothing_ran(desk, "patient overview")
    visit(desk, "/trends")
    assert_nothing_ran(desk, "trends")

    # Every attack was shown to both, as the very words typed.
    typed = sorted(p.strip() for p in PAYLOADS)
    assert sorted(shown) == typed
    assert sorted(seen) == typed
    assert dialogs == []
    patient.close()
    clinician.close()


def test_no_typed_attack_runs_in_a_support_group(browser: Browser, live_server, sign_in_as) -> None:
    """The same corpus posted in a group: shown as typed to the member and the facilitator."""
    now, tag = datetime.now(UTC), uuid.uuid4().hex[:6]
    email = f"xssg.{tag}@example.org"
    with session_scope() as db:
        me, _patient = make_care_team_patient(db, email, "Gus Group", RIVERA)
        team = Actor(RIVERA, Role.CLINICIAN, me.clinic_id)
        group = create_group(
            db,
            team,
            {"name": f"XSS circle {tag}", "purpose": "Tests", "schedule": "Never", "place": "Here"},
            now=now,
        )
        assert ask_to_join(db, me, group.id, "Night Owl", rules_accepted=True, now=now) is None
        (asked,) = requests_for(db, team, group.id)
        decide(db, team, asked.id, True, now=now)
        posted = []
        for i, payload in enumerate(PAYLOADS):
            done = post(db, me, group.id, payload, now=now + timedelta(seconds=i))
            if isinstance(done, GroupProblem):
                continue
            if done.status == "held":
                moderate(db, team, done.post_id, "approve", now=now)
            posted.append(payload.strip())
        shared = PAYLOADS[2]  # what a member shares is people's words too
        assert share(db, me, group.id, shared, understood=True, now=now) is None
    assert len(posted) >= len(PAYLOADS) - 2
    dialogs: list[str] = []
    for device, who in (("phone", email), ("desktop", "dr.rivera@example.org")):
        context = browser.new_context(base_url=live_server.origin, **VIEWPORTS[device])
        context.add_init_script(TRAP)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        sign_in_as(page, who)
        visit(page, f"/group?id={group.id}")
        expect(page.locator(".message-body").first).to_be_visible()
        assert_nothing_ran(page, f"group as {device}")
        shown = page.locator(".message-body").all_text_contents()
        assert sorted(shown) == sorted([*posted, shared] if device == "phone" else posted)
        if device == "desktop":  # the facilitator reads it in who is in the group
            members = page.get_by_role("heading", name="In the group").locator("xpath=..")
            expect(members.get_by_role("listitem", name="Night Owl")).to_contain_text(shared)
        context.close()
    assert dialogs == []
