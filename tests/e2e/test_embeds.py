"""A clinic's own website framing the portal's public pieces, as it runs on the web.

The clinic's site is served from another loopback site (127.0.0.2, not just another port of
localhost) and Chromium runs with third-party storage partitioning ON (Playwright turns it off
by default: our own --disable-features replaces its list; the test proves it is on). The
listed site gets all four pieces, sized to fit, passing axe with 48 px targets; a site nobody
listed gets nothing; no embed response sets a cookie; sign-in opens top-level; a form posted
from a foreign site is refused; and a request sent in the frame reaches the admin's list.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Frame, Page, Playwright, expect
from sqlmodel import Session, col, delete

from portal_app.db import get_engine
from portal_app.models import Clinic, VisitRequest
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.clinic.embedding import PIECES, snippet
from portal_app.services.clinic.visit_requests import client_key
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENS, VIEWPORTS
from tests.e2e.helpers import (
    SMALL_TARGETS_JS,
    accessibility_violations,
    open_page,
    small_targets,
)

RIVERSIDE_ID = demo_id("clinic", "steady-demo")
TITLES = {
    "crisis": "Crisis help",
    "request": "Request a visit",
    "reading": "Reading",
    "sign-in": "Patient sign-in",
}
HEADINGS = {
    "crisis": "Need help now?",
    "request": "Request a visit",
    "reading": "Reading",
    "sign-in": "For patients",
}
PROBE = "steady.partition-probe"


class Website:
    """A clinic's website: a few fixed pages on a loopback address of its own."""

    def __init__(self, host: str, pages: dict[str, str]) -> None:
        served = pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = served.get(self.path.split("?")[0], "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.origin = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def page_html(body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Riverside Behavioral Health</title></head><body><main><h1>Our clinic</h1>{body}"
        "</main></body></html>"
    )


@pytest.fixture(scope="module")
def sites(live_server) -> Iterator[tuple[Website, Website]]:
    """The listed clinic site (127.0.0.2) and one nobody listed (127.0.0.3)."""
    portal = live_server.origin
    snippets = "".join(f"<section>{snippet(portal, p, 'en', TITLES[p])}</section>" for p in PIECES)
    foreign_form = (
        f"<form method='post' action='{portal}/embed/request?lang=en'>"
        "<input name='name' value='Spam'><input name='phone' value='555-000-0000'>"
        "<input name='contact_by' value='call'><input name='for_whom' value='me'>"
        "<button type='submit'>Send</button></form>"
    )
    framed = f"<iframe src='{portal}/embed/crisis?lang=en' title='Crisis help'></iframe>"
    listed = Website("127.0.0.2", {"/": page_html(snippets)})
    other = Website("127.0.0.3", {"/": page_html(framed), "/form": page_html(foreign_form)})
    with Session(get_engine()) as db:
        # Earlier runs on this database sent requests from this machine: start the hourly
        # limit per address afresh (the limit has its own test in tests/api).
        here = [client_key(RIVERSIDE_ID, address) for address in ("127.0.0.1", "::1")]
        db.exec(delete(VisitRequest).where(col(VisitRequest.client_key).in_(here)))  # type: ignore[call-overload]
        db.commit()
    with Session(get_engine()) as db:  # the admin's list, as /admin/website saves it
        clinic = db.get(Clinic, RIVERSIDE_ID)
        before = clinic.embed_origins
        clinic.embed_origins = f"{before} {listed.origin}".strip()
        db.add(clinic)
        db.commit()
    yield listed, other
    with Session(get_engine()) as db:
        clinic = db.get(Clinic, RIVERSIDE_ID)
        clinic.embed_origins = " ".join(
            o for o in clinic.embed_origins.split() if o != listed.origin
        )
        db.add(clinic)
        db.commit()
    listed.close()
    other.close()


@pytest.fixture(scope="module")
def partitioned(playwright: Playwright) -> Iterator[Browser]:
    """Chromium as people run it: our --disable-features comes last and replaces Playwright's
    own list, which holds ThirdPartyStoragePartitioning."""
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--disable-features=HttpsUpgrades"]
    )
    yield chromium
    chromium.close()


def frame_of(page: Page, piece: str) -> Frame:
    frame = page.locator(f'iframe[title="{TITLES[piece]}"]').element_handle().content_frame()
    assert frame is not None
    return frame


def wait_until_fitted(page: Page, piece: str) -> int:
    """Until the frame is as tall as the piece in it (the size message arrived and was
    believed); returns that height. Tapping while the frame still grows can miss."""
    tall = frame_of(page, piece).evaluate(
        "Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)"
    )
    page.wait_for_function(
        "([el, h]) => { const f = el.getBoundingClientRect().height;"
        " return f >= h && f <= h + 60; }",
        arg=[page.locator(f'iframe[title="{TITLES[piece]}"]').element_handle(), tall],
    )
    return int(tall)


def wait_until_settled(page: Page, piece: str = "request") -> None:
    """Until the frames above `piece`, and its own, fit their pieces. A frame above the form
    that grows late (the crisis card is long) moves the form down the page; a tap sent just
    then lands beside the button (seen in CI: the first "Send request" did nothing). Frames
    below it cannot move it, and the snippet loads them lazily: they may not be there yet."""
    for above in PIECES[: PIECES.index(piece) + 1]:
        wait_until_fitted(page, above)


def send_request(page: Page) -> None:
    """Press "Send request" and wait for the portal's answer page in the frame. Pressed with
    Enter, as a keyboard or switch user does: in CI a tap on it twice did nothing, even after
    every frame above had its size (found in two runs, never here). Waiting for the frame's
    own navigation says which it was: no answer page at all, or a slow one."""
    button = page.frame_locator(f'iframe[title="{TITLES["request"]}"]').get_by_role(
        "button", name="Send request"
    )
    with frame_of(page, "request").expect_navigation(timeout=45_000):
        button.press("Enter")


@pytest.mark.parametrize("screen", SCREENS)
def test_the_clinic_site_shows_every_piece_in_partitioned_frames(
    partitioned: Browser, live_server, sites, screen: str
) -> None:
    listed, _other = sites
    context = partitioned.new_context(**VIEWPORTS[screen])
    portal_answers: list[dict[str, str]] = []
    context.on(
        "response",
        lambda r: portal_answers.append(r.all_headers()) if "/embed/" in r.url else None,
    )
    top = context.new_page()
    top.goto(live_server.url("/help"))
    top.evaluate(f"localStorage.setItem('{PROBE}', 'top')")

    page = context.new_page()
    page.goto(listed.origin + "/")
    for piece in PIECES:
        frame_box = page.locator(f'iframe[title="{TITLES[piece]}"]')
        frame_box.scroll_into_view_if_needed()
        inside = page.frame_locator(f'iframe[title="{TITLES[piece]}"]')
        expect(inside.get_by_role("heading", name=HEADINGS[piece], exact=True)).to_be_visible()
        # The frame grew (or shrank) to the piece: the size message arrived and was believed.
        frame = frame_of(page, piece)
        # As tall as the piece itself: no blank space under it, no scroll bar in it.
        tall = wait_until_fitted(page, piece)
        if piece == "crisis":  # a long piece: far taller than the 480 px it starts at
            assert tall > 700
        assert frame.evaluate(f"localStorage.getItem('{PROBE}')") is None, "not partitioned"
        assert frame.evaluate("document.cookie") == ""
        assert accessibility_violations(frame) == [], piece  # type: ignore[arg-type]
        assert frame.evaluate(SMALL_TARGETS_JS) == [], piece

    # An article opens inside the frame, and the frame fits it again.
    reading = page.frame_locator('iframe[title="Reading"]')
    article = reading.get_by_role("link", name=re.compile("^What is depression"))
    expect(article).to_be_visible()
    article.click()
    expect(reading.get_by_role("heading", level=1)).to_have_text("What is depression?")
    expect(reading.get_by_role("link", name="All articles")).to_be_visible()

    # "Patient sign-in" opens the portal top-level, first-party, in its own tab.
    with context.expect_page() as opened:
        page.frame_locator('iframe[title="Patient sign-in"]').get_by_role(
            "link", name="Patient sign-in"
        ).click()
    portal_tab = opened.value
    portal_tab.wait_for_load_state()
    assert portal_tab.url.startswith(live_server.origin + "/sign-in")
    assert portal_tab.evaluate("window.top === window")
    assert portal_tab.evaluate(f"localStorage.getItem('{PROBE}')") == "top"
    portal_tab.close()
    assert portal_answers and not [h for h in portal_answers if "set-cookie" in h]
    context.close()


def test_a_request_from_the_site_reaches_the_admin_and_strangers_get_nothing(
    partitioned: Browser, browser: Browser, live_server, sites, sign_in_as
) -> None:
    listed, other = sites
    context = partitioned.new_context(**VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(listed.origin + "/")
    form = page.frame_locator('iframe[title="Request a visit"]')
    expect(form.get_by_role("heading", name="Request a visit")).to_be_visible()
    wait_until_settled(page)
    send_request(page)  # nothing filled in yet
    expect(form.get_by_text("Please type your name.")).to_be_visible()
    # On a phone the send button was far down the frame: what to fix is brought into view.
    expect(form.get_by_role("alert").first).to_be_in_viewport()
    name = f"Robin {uuid.uuid4().hex[:5]}"
    form.get_by_label("Your name").fill(name)
    form.get_by_role("radio", name="Call me").check()
    form.get_by_role("radio", name="For my child or teen").check()
    wait_until_settled(page)
    send_request(page)
    expect(form.get_by_text("We need this to reach you. Please fill it in.")).to_be_visible()
    expect(form.get_by_label("Your name")).to_have_value(name)  # nothing typed is lost
    form.get_by_label("Phone number").fill("555-201-0199")
    wait_until_settled(page)  # the answer above was a new page: it grew again
    send_request(page)
    thanks = form.get_by_role("heading", name="Thank you. We got your request.")
    expect(thanks).to_be_in_viewport()

    # A site nobody listed: the piece does not render in its frame.
    stranger = context.new_page()
    stranger.goto(other.origin + "/")
    stranger.wait_for_load_state("load")
    blocked = stranger.frame_locator('iframe[title="Crisis help"]')
    expect(blocked.get_by_role("heading", name="Need help now?")).to_have_count(0)
    # ...and its own form posted to the portal is refused.
    stranger.goto(other.origin + "/form")
    stranger.get_by_role("button", name="Send").click()
    expect(stranger.get_by_role("heading")).to_contain_text("could not take this request")
    context.close()

    staff = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(staff, "admin@example.org")
    open_page(staff, "/admin/requests")
    row = staff.get_by_role("listitem").filter(has_text=name)
    expect(row).to_contain_text("555-201-0199")
    expect(row).to_contain_text("For my child or teen")
    expect(staff.get_by_role("listitem").filter(has_text="Spam")).to_have_count(0)
    row.get_by_role("button", name="Mark as reached").click()
    # Said in the row itself, in view where the admin tapped.
    expect(row.get_by_role("status")).to_contain_text("Marked as reached.")
    expect(row.get_by_role("status")).to_be_in_viewport()
    expect(row).to_contain_text("Reached")
    expect(row.get_by_role("link", name="555-201-0199")).to_have_attribute(
        "href", "tel:555-201-0199"
    )
    assert accessibility_violations(staff) == []
    assert small_targets(staff) == []
    row.get_by_role("button", name="Done, take off the list").click()
    expect(row.get_by_role("status")).to_contain_text("Taken off the list.")
    expect(row.get_by_role("button")).to_have_count(0)
    open_page(staff, "/admin/requests")
    expect(staff.get_by_role("listitem").filter(has_text="Jordan")).to_have_count(1)
    expect(staff.get_by_role("listitem").filter(has_text=name)).to_have_count(0)
    staff.context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_admin_lists_the_site_copies_the_code_and_sees_the_preview(
    browser: Browser, live_server, sign_in_as, screen: str
) -> None:
    with Session(get_engine()) as db:
        before = db.get(Clinic, RIVERSIDE_ID).embed_origins
    context = browser.new_context(base_url=live_server.origin, **VIEWPORTS[screen])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.origin)
    page = context.new_page()
    sign_in_as(page, "admin@example.org")
    try:
        open_page(page, "/admin/website")
        addresses = page.get_by_label("Website addresses, one per line")
        listed = addresses.input_value()
        addresses.fill(listed + "\nwww.riverside.example/about")
        page.get_by_role("button", name="Save addresses").click()
        expect(
            page.get_by_role("alert").filter(has_text="Please type each address")
        ).to_be_visible()
        expect(addresses).to_have_value(listed + "\nwww.riverside.example/about")
        addresses.fill(listed + "\nhttps://www.riverside.example")
        page.get_by_role("button", name="Save addresses").click()
        expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
        with Session(get_engine()) as db:
            saved = db.get(Clinic, RIVERSIDE_ID).embed_origins.split()
        assert saved[-1] == "https://www.riverside.example"

        page.get_by_role("radio", name="Request a visit").check()
        page.get_by_role("radio", name="Spanish (Español)").check()
        code = page.get_by_label("Code with the loader")
        expect(code).to_have_value(re.compile(r"/embed/request\?lang=es"))
        preview = page.frame_locator('iframe[title="Pedir una cita"]')
        expect(preview.get_by_role("heading", name="Pedir una cita")).to_be_visible()
        page.get_by_role("button", name="Copy code").click()
        expect(page.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
        # The words change first, then the browser writes the clipboard: wait for it.
        copied = ""
        for _ in range(50):
            copied = page.evaluate("navigator.clipboard.readText()")
            if copied:
                break
            page.wait_for_timeout(100)
        assert copied == code.input_value()
        assert accessibility_violations(page) == []
        assert page.evaluate(SMALL_TARGETS_JS) == []
        # Saving the addresses again keeps the piece and language the admin is looking at,
        # in the code and in the ticked choices alike.
        page.get_by_role("button", name="Save addresses").click()
        expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
        expect(code).to_have_value(re.compile(r"/embed/request\?lang=es"))
        expect(page.get_by_role("radio", name="Spanish (Español)")).to_be_checked()
        expect(page.get_by_role("radio", name="Request a visit")).to_be_checked()
    finally:
        with Session(get_engine()) as db:
            clinic = db.get(Clinic, RIVERSIDE_ID)
            clinic.embed_origins = before
            db.add(clinic)
            db.commit()
        context.close()


def test_without_script_the_code_is_a_link_to_the_piece(
    partitioned: Browser, live_server, sites
) -> None:
    listed, _other = sites
    context = partitioned.new_context(java_script_enabled=False, **VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(listed.origin + "/")
    link = page.get_by_role("link", name="Crisis help")
    expect(link).to_have_attribute("href", f"{live_server.origin}/embed/crisis?lang=en")
    expect(page.locator("iframe")).to_have_count(0)
    with context.expect_page() as opened:
        link.click()
    piece = opened.value
    expect(piece.get_by_role("heading", name="Need help now?")).to_be_visible()
    call = piece.get_by_role("link", name=re.compile(r"^Call 988 Suicide"))
    expect(call).to_have_attribute("href", "tel:988")
    context.close()
