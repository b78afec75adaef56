"""Checking in with no connection: 3 check-ins and a PHQ-9 kept encrypted on the phone, then
sent exactly once when the connection is back; signing out with unsent entries warns first."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import CareTeamMembership, CheckIn, Patient, QuestionnaireResponse, RiskAlert
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_patient

RAW_ROWS_JS = """() => new Promise((resolve) => {
  const open = indexedDB.open("steady-outbox");
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("entries")) { db.close(); return resolve([]); }
    const all = db.transaction("entries").objectStore("entries").getAll();
    all.onsuccess = () => {
      const rows = all.result.map((r) => new TextDecoder("latin1").decode(r.data));
      db.close();
      resolve(rows);
    };
  };
})"""


NAME = f"Ola {uuid.uuid4().hex[:6]}"  # one per run: the clinician finds this person by name


def new_patient(name: str = NAME) -> tuple[str, uuid.UUID]:
    """A patient of Dr. Rivera's, made for this test."""
    email = f"offline.{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as db:
        user = make_patient(db, email, name)
        patient_id = db.exec(select(Patient.id).where(Patient.user_id == user.id)).one()
        db.add(
            CareTeamMembership(
                patient_id=patient_id, clinician_id=demo_id("user", "dr.rivera@example.org")
            )
        )
        return email, patient_id


def ready_for_offline(page: Page) -> None:
    """Signed in once online: the worker controls the page and the device knows its person."""
    open_page(page, "/")
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )
    page.wait_for_function("() => !!localStorage.getItem('steady.outboxTag')")


def check_in_offline(page: Page, mood: str, note: str) -> None:
    """Save one check-in and wait until it is in the waiting list (the status text reads the
    same after every save, so it alone cannot tell that this save has finished)."""
    waiting = page.locator("[data-journal-waiting] li")
    before = waiting.count()
    form = page.locator("form[data-journal-check-in]")
    form.get_by_role("radio", name=mood, exact=True).check()
    form.get_by_role("radio", name="Some", exact=True).check()
    form.get_by_label("A note (you can skip this)").fill(note)
    form.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("status")).to_have_text(
        re.compile("Saved on this phone"), use_inner_text=True
    )
    expect(waiting).to_have_count(before + 1)


def answer(page: Page, text: str) -> None:
    page.locator("[data-journal-answers]").get_by_role("button", name=text, exact=True).click()


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_offline_check_ins_and_phq9_are_sent_exactly_once(
    sign_in_as, page: Page, browser: Browser, live_server
) -> None:
    email, patient_id = new_patient()
    sign_in_as(page, email)
    ready_for_offline(page)
    page.context.set_offline(True)

    page.goto("/check-in")
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("Daily check-in")
    expect(page.get_by_text("What you save stays locked on this phone")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []
    for mood, note in (("Low", "first note"), ("Okay", "second note"), ("Good", "third note")):
        check_in_offline(page, mood, note)

    # All four questionnaires are offered offline (the safety questions follow item 9 only).
    for name in (
        "Mood questions (9 questions)",
        "Worry questions (7 questions)",
        "Two mood questions",
        "Two worry questions",
    ):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    page.get_by_role("button", name="Mood questions (9 questions)").click()
    for _ in range(8):
        answer(page, "Not at all")
    answer(page, "Several days")  # item 9: help comes first, at once
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Call 988")).first).to_have_attribute(
        "href", "tel:988"
    )
    page.get_by_role("button", name="Continue").click()
    answer(page, "No")  # the safety questions follow
    answer(page, "No")
    answer(page, "No")

    expect(page.locator("[data-journal-waiting] li")).to_have_count(5)  # stored before reloading
    page.reload()  # still offline: everything waits, locked
    waiting = page.locator("[data-journal-waiting] li")
    expect(waiting).to_have_count(5)  # 3 check-ins, the PHQ-9 and the safety questions
    raw = page.evaluate(RAW_ROWS_JS)
    assert len(raw) == 5 and not [row for row in raw if "note" in row or "mood" in row]
    with session_scope() as db:
        assert db.exec(select(CheckIn).where(CheckIn.patient_id == patient_id)).all() == []

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text("Nothing is waiting. Everything is sent.")).to_be_visible()
    # The line above the form says they went, not that they will go (found: both at once).
    expect(page.locator("[data-journal-status]")).to_have_text(
        "Sent to your care team. Entries sent: 5", use_inner_text=True
    )
    expect(page.locator("[data-journal-status]")).not_to_contain_text("will be sent")
    page.evaluate("() => window.SteadyOutbox.flush()")  # a replay finds nothing more to send
    with session_scope() as db:
        notes = sorted(
            c.note for c in db.exec(select(CheckIn).where(CheckIn.patient_id == patient_id))
        )
        answers = db.exec(
            select(QuestionnaireResponse).where(QuestionnaireResponse.patient_id == patient_id)
        ).all()
        alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient_id)).one()
    assert notes == ["first note", "second note", "third note"]
    assert sorted((a.instrument, a.total, a.risk) for a in answers) == [
        ("cssrs", None, "none"),
        ("phq9", 1, None),
    ]
    assert alert.reason == "phq9_item9"

    # The care team sees exactly those check-ins.
    clinician = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(clinician, "dr.rivera@example.org")
    open_page(clinician, "/trends")
    clinician.get_by_role("button", name=NAME).first.click()
    recent = clinician.locator(".card").filter(
        has=clinician.get_by_role("heading", name="Check-ins in this time")
    )
    expect(recent.get_by_role("listitem")).to_have_count(3)
    for note in ("first note", "second note", "third note"):
        expect(recent.get_by_text(note)).to_be_visible()
    clinician.context.close()


def test_signing_out_with_unsent_check_ins_asks_first_then_leaves_nothing(
    sign_in_as, browser: Browser, live_server
) -> None:
    # Without the service worker, so the test can make the server unreachable for sync alone.
    context = browser.new_context(
        base_url=live_server.origin, service_workers="block", **VIEWPORTS["phone"]
    )
    page = context.new_page()
    email, _ = new_patient()
    sign_in_as(page, email)
    page.route("**/api/journal/sync", lambda route: route.abort())
    open_page(page, "/")
    page.wait_for_function("() => !!localStorage.getItem('steady.outboxTag')")
    page.evaluate(
        """() => window.SteadyOutbox.add({kind: "check_in", id: window.SteadyOutbox.newId(),
             recorded_at: new Date().toISOString(), mood: 3, anxiety: 2, note: "not sent yet"})"""
    )
    messages: list[str] = []

    def answer_dialog(dialog) -> None:
        messages.append(dialog.message)
        dialog.dismiss() if len(messages) == 1 else dialog.accept()

    page.on("dialog", answer_dialog)
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name=f"Hello, {NAME}")).to_be_visible()
    page.wait_for_timeout(500)
    assert len(messages) == 1 and "are not sent yet" in messages[0]
    assert len(page.evaluate(RAW_ROWS_JS)) == 1  # still there: the person said no
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(re.compile(r"/sign-in/?$"))
    assert page.evaluate(RAW_ROWS_JS) == []
    assert page.evaluate("() => localStorage.getItem('steady.outboxTag')") is None
    context.close()
