"""A patient turns on reminders, a dose reminder arrives as a neutral notification with its
buttons, "Taken" on the notification reaches the server with no page open, and the dose
shows as taken in the dose log and the week's adherence."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import DoseLog, Patient, ReminderSettings
from portal_app.services.medication.medicines import MedicineForm, add_medicine
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient
from tests.push_service import FakePushService
from tests.unit.test_medicines import RIVERA


@pytest.fixture(scope="module")
def push_service():
    with FakePushService() as running:
        yield running


def new_patient(name: str = "Dana Dose") -> tuple[str, uuid.UUID]:
    email = f"dose.{uuid.uuid4().hex[:8]}@example.org"
    with session_scope() as db:
        _, patient = make_care_team_patient(db, email, name, RIVERA.user_id)
        # No quiet hours, so the test works at any hour (quiet hours: tests/unit/test_dispatch).
        db.add(ReminderSettings(patient_id=patient.id, quiet_from="00:00", quiet_until="00:00"))
        return email, patient.id


def give_dose_due_now(patient_id: uuid.UUID) -> None:
    """A medicine whose dose time was a minute ago, so its reminder is due at once."""
    now = datetime.now(UTC)
    with session_scope() as db:
        zone = ZoneInfo(db.get(Patient, patient_id).timezone)
        clock = (now - timedelta(minutes=1)).astimezone(zone).strftime("%H:%M")
        form = MedicineForm(
            name="Quetiapine", dose="25 mg", started_on="2026-01-01", times=(clock,)
        )
        assert add_medicine(db, RIVERA, patient_id, form, now=now) == ""


def send_due_reminders_now() -> None:
    """`portal send-due-reminders`, as an operator or cron would run it, started at once: in a
    thread here, not a new interpreter. A new interpreter's start-up (seconds on a loaded
    machine) let the app's own dispatcher, which runs every 20 s, claim the reminder first in
    CI, and the push then did not arrive within 90 s (under investigation; see the note of
    2026-11-27). Either way each reminder is sent once."""
    from portal_app.cli import main

    result: dict[str, int] = {}
    worker = threading.Thread(target=lambda: result.update(rc=main(["send-due-reminders"])))
    worker.start()
    worker.join(60)
    assert result.get("rc") == 0


def wait_for(page: Page, check, seconds: float = 90.0):
    """Poll `check` while letting Playwright deliver its events (CDP ones included).

    Generous: with two full suites side by side on two cores, the app's dispatcher (which may
    claim the reminder before the command does) was once seen to need more than 30 s."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = check()
        if found:
            return found
        page.wait_for_timeout(300)
    raise AssertionError("timed out")


def service_worker_registration(
    context: BrowserContext, page: Page
) -> tuple[object, dict[str, str], dict[str, str]]:
    """A DevTools session on the page's service workers: registrations by scope and each
    worker version's status (installing, activated, redundant...)."""
    cdp = context.new_cdp_session(page)
    registrations: dict[str, str] = {}
    versions: dict[str, str] = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.update(
            {r["scopeURL"]: r["registrationId"] for r in event["registrations"]}
        ),
    )
    cdp.on(
        "ServiceWorker.workerVersionUpdated",
        lambda event: versions.update({v["versionId"]: v["status"] for v in event["versions"]}),
    )
    cdp.send("ServiceWorker.enable")
    return cdp, registrations, versions


def wait_until_controlled(page: Page, versions: dict[str, str], seconds: float = 120) -> None:
    """Until the app's service worker runs the page: a push reaches a phone's worker only once
    it is active. While the first install still saves the app for offline use (slow on a busy
    machine) it may fail if a file could not be fetched (the worker turns "redundant"); the
    browser tries again when the app is opened again, so the test reopens it, as a person
    would. Seen in CI: no worker in charge after 90 s on a loaded machine."""
    deadline = time.monotonic() + seconds
    activated_since: float | None = None
    while time.monotonic() < deadline:
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            return
        if versions and all(status == "redundant" for status in versions.values()):
            page.reload()
        # Seen in CI: a worker "activated" that never took charge of the open page (its claim
        # raced the page's load). A page opened after that is in its charge: reopen the app.
        if "activated" in versions.values():
            activated_since = activated_since or time.monotonic()
            if time.monotonic() - activated_since > 10:
                page.reload()
                activated_since = time.monotonic()
        page.wait_for_timeout(500)
    raise AssertionError(f"no service worker in charge of the page; versions: {versions}")


def test_a_dose_reminder_is_neutral_and_taken_from_the_notification(
    sign_in_as, context: BrowserContext, page: Page, device: str, push_service, live_server
) -> None:
    email, patient_id = new_patient()
    context.grant_permissions(["notifications"], origin=live_server.origin)
    sign_in_as(page, email)
    open_page(page, "/reminders")
    expect(page.get_by_text("They never name your medicines.")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on reminders")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []

    # This machine has no real push service, so the device's subscription points at the
    # test's own one; the page sends it exactly as steady.js does after the browser's subscribe.
    phone = push_service.device("ok")
    status = page.evaluate(
        """(sub) => fetch('/api/push/subscribe', {method: 'POST', credentials: 'same-origin',
             headers: {'Content-Type': 'application/json'}, body: JSON.stringify(sub)})
             .then(r => r.status)""",
        phone.subscription(),
    )
    assert status == 201
    open_page(page, "/reminders")
    expect(page.get_by_role("button", name="Stop reminders here")).to_be_visible()

    cdp, registrations, versions = service_worker_registration(context, page)
    give_dose_due_now(patient_id)
    send_due_reminders_now()
    (received,) = wait_for(page, lambda: push_service.for_device(phone))
    payload = phone.decrypt(received.body)
    assert "Quetiapine" not in str(payload) and "Dana" not in str(payload)

    wait_until_controlled(page, versions)  # a failed first install leaves a new registration
    registration_id = wait_for(page, lambda: registrations.get(live_server.origin + "/"))
    # The test plays the push service, and like a real one it delivers again until the
    # worker has shown it (seen once in CI on a loaded machine: a push delivered while the
    # worker was still starting was never shown; the notification's tag keeps it one).
    shown: list[dict[str, object]] = []
    for _ in range(6):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": live_server.origin,
                "registrationId": registration_id,
                "data": json.dumps(payload),
            },
        )
        try:
            shown = wait_for(
                page,
                lambda: page.evaluate(
                    """() => navigator.serviceWorker.ready.then(r => r.getNotifications())
                         .then(ns => ns.map(n => ({title: n.title, body: n.body,
                                                   actions: n.actions.map(a => a.title)})))"""
                ),
                seconds=15,
            )
            break
        except AssertionError:
            continue
    assert shown == [
        {
            "title": "Steady",
            "body": "You have a reminder.",
            "actions": ["Taken", "Remind me in 15 min"],
        }
    ]

    # The browser calls the worker's notificationclick with the button the person pressed.
    (worker,) = context.service_workers
    worker.evaluate(
        """() => self.registration.getNotifications().then(([n]) =>
             self.dispatchEvent(new NotificationEvent('notificationclick',
                                                      {notification: n, action: 'taken'})))"""
    )
    assert wait_for(page, lambda: _logged(patient_id)) == [("taken", "reminder")]

    open_page(page, "/medicines")
    dose = page.locator("[data-dose='Quetiapine']")
    expect(dose.get_by_text("Taken", exact=True).first).to_be_visible()
    expect(page.locator(".big-number")).to_contain_text("1 of 1 doses taken", use_inner_text=True)
    assert accessibility_violations(page) == [] and small_targets(page) == []


def _logged(patient_id: uuid.UUID) -> list[tuple[str, str]]:
    with session_scope() as db:
        rows = db.exec(select(DoseLog).where(DoseLog.patient_id == patient_id)).all()
        return [(r.status, r.source) for r in rows]


def test_a_patient_asks_for_a_refill_in_two_taps_and_sees_the_answer(
    sign_in_as, page: Page, device: str, browser, live_server
) -> None:
    name = f"Remy {uuid.uuid4().hex[:4]}"
    email, patient_id = new_patient(name)
    give_dose_due_now(patient_id)
    sign_in_as(page, email)
    open_page(page, "/medicines")
    # The patient moves the dose to a time that suits their day; a wrong time is explained.
    page.get_by_text("Change my dose times").click()
    times = page.get_by_role("textbox", name="Dose times")
    times.fill("half past nine")
    page.get_by_role("button", name="Save my times").click()
    expect(page.get_by_role("alert").filter(has_text="Please type the times like")).to_be_visible()
    expect(times).to_have_value("half past nine")  # nothing typed is lost
    times.fill("09:30")
    page.get_by_role("button", name="Save my times").click()
    expect(page.get_by_text("Your reminders will come at the new times.")).to_be_visible()
    listed = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Quetiapine"))
    expect(listed).to_contain_text("09:30")
    page.get_by_role("button", name="Ask for a refill").click()
    page.get_by_role("button", name="Yes, ask").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    expect(page.get_by_text("Waiting for an answer", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Ask for a refill")).to_have_count(0)  # not twice

    clinician = browser.new_context(base_url=live_server.origin)
    desk = clinician.new_page()
    sign_in_as(desk, "dr.rivera@example.org")
    open_page(desk, "/medicines")
    request = desk.get_by_role("listitem").filter(has_text=name).filter(has_text="Quetiapine")
    # A note alone decides nothing: the clinician is asked to pick an answer.
    request.get_by_label("Note for the patient").fill("Let's talk at your visit on Monday.")
    request.get_by_role("button", name="Send answer").click()
    expect(desk.get_by_role("alert").filter(has_text="Please pick an answer")).to_be_visible()
    request.get_by_role("radio", name="Decline").check()
    request.get_by_role("button", name="Send answer").click()
    expect(desk.get_by_text("Your answer is sent.")).to_be_visible()
    clinician.close()

    open_page(page, "/medicines")
    expect(page.get_by_text("Not approved")).to_be_visible()
    expect(page.get_by_text("Let's talk at your visit on Monday.")).to_be_visible()
    open_page(page, "/")
    expect(page.get_by_role("link", name="Your refill request has an answer")).to_be_visible()


def test_turning_on_reminders_explains_a_refusal_and_the_iphone_steps(
    sign_in_as, browser, page: Page, device: str, live_server
) -> None:
    if device != "phone":
        pytest.skip("a phone's question; the desktop browser gets the same page")
    email, _ = new_patient()
    sign_in_as(page, email)
    open_page(page, "/reminders")
    # Nothing is asked before the tap; this browser refuses when asked.
    assert page.evaluate("Notification.permission") == "default"
    page.get_by_role("button", name="Turn on reminders").click()
    blocked = page.get_by_text("Reminders are blocked on this phone.")
    expect(blocked).to_be_visible()
    assert accessibility_violations(page) == []

    iphone_agent = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
    )
    iphone = browser.new_context(base_url=live_server.origin, user_agent=iphone_agent)
    safari = iphone.new_page()
    sign_in_as(safari, email)
    open_page(safari, "/reminders")
    safari.get_by_role("button", name="Turn on reminders").click()
    expect(safari.get_by_text("First add Steady to your Home Screen")).to_be_visible()
    safari.get_by_text("On an iPhone? Do this first").click()
    expect(safari.get_by_text('then "Add to Home Screen"')).to_be_visible()
    iphone.close()
