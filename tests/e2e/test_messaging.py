"""A patient and a clinician hold a conversation in two browsers: new messages and read
status arrive without a reload, drafts survive a reload, a photo goes with a message, and the
team's hand-off note never reaches the patient. The panel puts a patient at risk first."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import CareTeamMembership, User
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import answers_entry, make_care_team_patient

RIVERA = demo_id("user", "dr.rivera@example.org")
CHEN = demo_id("user", "dr.chen@example.org")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
LIVE = 15_000  # ms: the page checks every 3 s


def new_patient(prefix: str) -> tuple[str, str]:
    """A patient on Dr. Rivera's and Dr. Chen's team (email, name)."""
    tag = uuid.uuid4().hex[:6]
    email, name = f"{prefix}.{tag}@example.org", f"{prefix.title()} {tag}"
    with session_scope() as db:
        _, patient = make_care_team_patient(db, email, name, RIVERA)
        db.add(CareTeamMembership(patient_id=patient.id, clinician_id=CHEN))
    return email, name


def desk(browser: Browser, live_server, sign_in_as, email: str) -> Page:
    page = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(page, email)
    return page


def test_a_conversation_in_two_browsers(
    page: Page, browser: Browser, live_server, sign_in_as, tmp_path
) -> None:
    email, name = new_patient("writer")
    sign_in_as(page, email)
    open_page(page, "/messages")
    expect(page.get_by_text("Messages are not for emergencies.")).to_be_visible()
    page.get_by_role("button", name="Write a new message").click()

    # Nothing typed is lost: a send without a topic keeps the words; a reload brings them back.
    page.get_by_label("Your message").fill("I wake up at 3 every night.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Please write a few words about what it is about.")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value("I wake up at 3 every night.")
    page.get_by_label("What is it about?").fill("Sleep")
    page.wait_for_timeout(1500)  # the draft is saved as the person types
    page.reload()
    expect(page.get_by_label("What is it about?")).to_have_value("Sleep")
    expect(page.get_by_label("Your message")).to_have_value("I wake up at 3 every night.")
    # After a timeout (a new session, even on another device) the words are still there.
    other = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(other, email)
    open_page(other, "/messages")
    other.get_by_role("button", name="Write a new message").click()
    expect(other.get_by_label("Your message")).to_have_value("I wake up at 3 every night.")
    other.context.close()

    # A web page pretending to be a photo is refused; a real photo goes with the message.
    fake, photo = tmp_path / "photo.png", tmp_path / "sleep log.png"
    fake.write_bytes(b"<html><script>alert(1)</script>")
    photo.write_bytes(PNG)
    for upload in (fake, photo):
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Add a photo or PDF").click()
        chooser.value.set_files(str(upload))
        page.wait_for_timeout(500)
    expect(page.get_by_text("sleep log.png")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value("I wake up at 3 every night.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message was sent.")).to_be_visible()
    mine = page.locator(".message-bubble.mine")
    expect(mine.get_by_text("Sent", exact=True)).to_be_visible()

    # The clinician finds it waiting, opens it (the patient sees "read" without reloading).
    clinician = desk(browser, live_server, sign_in_as, "dr.rivera@example.org")
    open_page(clinician, "/messages")
    clinician.get_by_role("button", name=name).first.click()
    expect(clinician.get_by_text("I wake up at 3 every night.")).to_be_visible()
    with clinician.expect_download() as download:
        clinician.get_by_role("link", name="sleep log.png").click()
    assert download.value.suggested_filename == "sleep log.png"
    expect(mine.get_by_text("Read by your care team")).to_be_visible(timeout=LIVE)

    # The answer appears on the patient's open page by itself.
    clinician.get_by_label("Your message").fill("Thank you. Let's talk about sleep on Monday.")
    clinician.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Let's talk about sleep on Monday.")).to_be_visible(timeout=LIVE)

    # A hand-off to a colleague carries a note the patient never sees.
    clinician.get_by_role("radio", name="Dr. Wei Chen").check()
    clinician.get_by_label("Note for the team (the patient never sees it)").fill("Please call her.")
    clinician.get_by_role("button", name="Hand off").click()
    handler = clinician.locator(".team-tools > p").first
    expect(handler).to_have_text("Handled by Dr. Wei Chen", use_inner_text=True)
    expect(clinician.get_by_label("Your message")).to_have_value("")
    expect(clinician.get_by_text("Please call her.")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Let's talk about sleep on Monday.")).to_be_visible()
    assert "Please call her." not in page.content()
    assert "Wei Chen" not in page.content()
    clinician.context.close()


def test_messages_pages_are_accessible(
    page: Page, device: str, sign_in_as, browser, live_server
) -> None:
    email, _ = new_patient("reader")
    sign_in_as(page, email)
    open_page(page, "/messages")
    page.get_by_role("button", name="Write a new message").click()
    expect(page.get_by_label("Your message")).to_be_visible()
    assert accessibility_violations(page) == []
    assert small_targets(page) == []

    clinician = desk(browser, live_server, sign_in_as, "dr.chen@example.org")
    open_page(clinician, "/messages")
    expect(clinician.get_by_role("button", name="Waiting for an answer")).to_be_visible()
    assert accessibility_violations(clinician) == []
    clinician.context.close()


def test_the_panel_puts_a_patient_at_risk_first(
    page: Page, browser, live_server, sign_in_as
) -> None:
    email, name = new_patient("atrisk")
    with session_scope() as db:
        user = db.exec(select(User).where(User.email == email)).one()
        actor = Actor(user.id, user.role, user.clinic_id)
        entry = answers_entry("phq9", [1] * 8 + [2], datetime.now(UTC))
        sync(db, actor, [entry], now=datetime.now(UTC))
    sign_in_as(page, "dr.rivera@example.org")
    open_page(page, "/")
    expect(page).to_have_url(re.compile(r"/panel/?$"))
    first = page.locator(".panel-list > li").first
    expect(first).to_contain_text(name)
    expect(first).to_contain_text("Open risk alert")
    assert accessibility_violations(page) == []
    assert small_targets(page) == []

    # Filters and search narrow the list; the open filter stays in view.
    page.get_by_text("Filter the list").click()
    page.get_by_role("button", name="Risk alerts", exact=True).click()
    rows = page.locator(".panel-list > li")
    expect(rows.filter(has_text=name)).to_have_count(1)
    expect(rows.filter(has_not_text="Open risk alert")).to_have_count(0)
    page.get_by_role("button", name="Everyone").click()
    page.get_by_role("searchbox", name="Find a patient by name").fill(name.upper())
    page.get_by_role("button", name="Find").click()
    expect(rows).to_have_count(1)

    # One tap opens the patient's page: the alert is there to close with a note.
    first.get_by_role("button").click()
    expect(page.get_by_role("heading", name=f"{name} ·")).to_be_visible()
    page.get_by_role("button", name="Close with this note").click()
    expect(page.get_by_text("Please write what you did before closing the alert.")).to_be_visible()
    page.get_by_label("What did you do?").fill("Called. Safe plan in place.")
    page.get_by_role("button", name="Close with this note").click()
    expect(page.get_by_text("No open risk alerts.")).to_be_visible()
    page.get_by_label("New note").fill("Prefers calls after 5pm.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Prefers calls after 5pm.")).to_be_visible()
    assert accessibility_violations(page) == []
