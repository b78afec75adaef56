"""The reading library end to end: the clinician sets a topic and suggests an article; the
patient, on a phone, finds it under "Your care team suggested this", searches in Spanish, opens
and hears an article, and reads it again offline; the clinician sees it was opened."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect

from portal_app.db import session_scope
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.e2e.test_offline_check_in import ready_for_offline
from tests.factories import make_care_team_patient

SUGGESTED = "Grounding when memories take over"
ON_TOPIC = "Better sleep, step by step"


def test_suggest_find_search_open_listen_and_read_offline(
    browser: Browser, live_server, sign_in_as
) -> None:
    email, name = f"read.{uuid.uuid4().hex[:6]}@example.org", f"Rue {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        make_care_team_patient(db, email, name, demo_id("user", "dr.rivera@example.org"))

    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(desk, "dr.rivera@example.org")
    open_page(desk, "/panel")
    desk.locator(".panel-row").filter(has_text=name).click()
    desk.get_by_text("More: reading, questionnaires, parent or guardian").click()
    reading = desk.locator("section").filter(
        has=desk.get_by_role("heading", name="Reading for this patient")
    )
    sleep = reading.get_by_role("checkbox", name="Sleep")
    sleep.click()  # saved at once: the box shows what the server now holds
    expect(reading.get_by_text("Topics saved.")).to_be_visible()
    expect(sleep).to_be_checked()
    reading.get_by_role("button", name="Suggest this article").click()
    expect(reading.get_by_text("Please choose an article first.")).to_be_visible()
    reading.get_by_label("Article to suggest").select_option(label=SUGGESTED)
    reading.get_by_role("button", name="Suggest this article").click()
    expect(reading.get_by_text("The patient will see it under")).to_be_visible()
    expect(reading.locator(".list-row", has_text=SUGGESTED)).to_contain_text("Not opened yet")
    assert accessibility_violations(desk) == [] and small_targets(desk) == []

    phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(phone, email)
    open_page(phone, "/more")
    phone.get_by_role("link", name="Reading and videos").click()
    suggested = phone.locator("section").filter(
        has=phone.get_by_role("heading", name="Your care team suggested this")
    )
    expect(suggested.get_by_role("link", name=SUGGESTED)).to_be_visible()
    expect(suggested).to_contain_text("Suggested by Dr. Ana Rivera", use_inner_text=True)
    expect(suggested.get_by_text("New", exact=True)).to_be_visible()
    picked = phone.locator("section").filter(
        has=phone.get_by_role("heading", name="Picked for you")
    )
    expect(picked.get_by_role("link", name=ON_TOPIC)).to_be_visible()
    expect(picked.locator(".badge").get_by_text("Sleep", exact=True)).to_be_visible()  # why
    assert accessibility_violations(phone) == [] and small_targets(phone) == []

    # Search: a word that is nowhere keeps what was typed; a Spanish word finds the article.
    search = phone.get_by_role("searchbox", name="Search the articles")
    search.fill("xylophone")
    phone.get_by_role("button", name="Search", exact=True).click()
    expect(phone.get_by_text("We found no articles with those words.")).to_be_visible()
    expect(search).to_have_value("xylophone")
    search.fill("antojos")
    phone.get_by_role("button", name="Search", exact=True).click()
    found = phone.get_by_role("status").filter(
        has=phone.get_by_role("heading", name="What we found")
    )
    expect(found.get_by_role("link", name="Coping with cravings")).to_be_visible()

    # Open the suggested article: Listen hands the visible words to the browser's speech.
    phone.evaluate(
        """() => { window.spoken = [];
             speechSynthesis.speak = (u) => window.spoken.push([u.lang, u.text]); }"""
    )
    suggested.get_by_role("link", name=SUGGESTED).click()
    expect(phone.get_by_role("heading", name=SUGGESTED, level=1)).to_be_visible()
    expect(phone.get_by_text("2 min read", exact=False)).to_be_visible()
    phone.get_by_role("button", name="Listen").click()
    spoken = phone.evaluate("window.spoken")
    words = " ".join(text for _, text in spoken)
    assert {lang for lang, _ in spoken} == {"en-US"} and len(spoken) > 10  # a paragraph at a time
    assert "5 things you can see" in words and "Mire a su alrededor" not in words
    assert words.split() == phone.locator("#article-text-en").inner_text().split()
    expect(phone.get_by_role("link", name="Calming skills")).to_be_visible()
    assert accessibility_violations(phone) == [] and small_targets(phone) == []

    # Back the way a person goes. (A fresh page load here could cut off the article's
    # "opened" event while the server is busy; the in-app link queues the list after it.)
    phone.get_by_role("link", name="All reading").click()
    expect(suggested.get_by_text("You opened it")).to_be_visible()
    desk.reload()
    desk.get_by_text("More: reading, questionnaires, parent or guardian").click()
    expect(reading.locator(".list-row", has_text=SUGGESTED)).to_contain_text("Opened")

    # Offline: an article is a saved page, in the reader's language.
    ready_for_offline(phone)
    phone.context.set_offline(True)
    phone.goto("/learn/sleep-better-nights")
    expect(phone.get_by_role("heading", name=ON_TOPIC, level=1)).to_be_visible()
    phone.get_by_role("button", name="Español").click()
    expect(phone.get_by_role("heading", name="Dormir mejor, paso a paso", level=1)).to_be_visible()
    phone.context.set_offline(False)
    phone.context.close()
    desk.context.close()


def test_the_video_article_has_captions_and_its_words_on_a_phone(
    browser: Browser, live_server
) -> None:
    phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    open_page(phone, "/learn/breathing-video")
    video = phone.locator("video").first
    expect(video).to_have_attribute("src", "/videos/breathing.webm")
    expect(video.locator("track")).to_have_attribute("src", "/videos/breathing.en.vtt")
    assert phone.evaluate(
        "async () => (await fetch('/videos/breathing.en.vtt')).text()"
    ).startswith("WEBVTT")
    assert (
        phone.evaluate(
            "() => new Promise((done) => { const v = document.querySelector('video');"
            " if (v.readyState >= 1) done(v.duration);"
            " v.addEventListener('loadedmetadata', () => done(v.duration)); })"
        )
        > 60
    )
    phone.get_by_text("Read the words in the video").click()
    expect(phone.get_by_text("Breathe in through your nose as the circle grows.")).to_be_visible()
    assert accessibility_violations(phone) == [] and small_targets(phone) == []
    phone.context.close()
