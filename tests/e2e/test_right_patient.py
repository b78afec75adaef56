"""No step that risks the wrong patient (found: /patient had nobody in its address, so a reload
or a new tab lost or kept the wrong person; staff forms did not say who they act on; the panel
search from last time still hid patients; a new clinician read "No patients match")."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import AuditEvent
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient, make_clinician

RIVERA = demo_id("user", "dr.rivera@example.org")


def test_the_patient_page_names_its_patient_by_id_through_the_gate(
    sign_in_as, page: Page, device: str
) -> None:
    name = f"Robin {uuid.uuid4().hex[:4]}"
    with session_scope() as db:
        _, patient = make_care_team_patient(
            db, f"robin.{uuid.uuid4().hex[:6]}@example.org", name, RIVERA
        )
        stranger = make_clinician(db, f"dr.{uuid.uuid4().hex[:6]}@example.org", "Dr. New")
    sign_in_as(page, "dr.rivera@example.org")
    open_page(page, "/panel")
    page.get_by_label("Find a patient by name").fill(name)
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".panel-row")).to_have_count(1)
    page.locator(".panel-row").filter(has_text=name).click()
    page.wait_for_url(re.compile(r"/patient/?\?id=" + str(patient.id) + "$"))
    assert name.split()[0] not in page.url
    expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()

    # A reload and a new tab open the same person.
    address = page.url
    page.reload()
    expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto(address)
    expect(other_tab.get_by_role("heading", name=re.compile(name))).to_be_visible()
    # The team-notes form names who it is about.
    notes = other_tab.locator("section, .card").filter(
        has=other_tab.get_by_role("heading", name="Care-team notes")
    )
    expect(notes.locator(".for-patient")).to_contain_text(name)
    assert accessibility_violations(other_tab) == [] and small_targets(other_tab) == []
    other_tab.close()

    # Add a medicine: the form says for whom.
    page.get_by_role("link", name="Medicines and refills").click()
    add = page.locator(".card").filter(has=page.get_by_role("heading", name="Add a medicine"))
    expect(add.locator(".for-patient")).to_contain_text(name)

    # Back on the panel: last visit's search is gone, everyone shows.
    open_page(page, "/panel")
    expect(page.get_by_label("Find a patient by name")).to_have_value("")
    expect(page.locator(".panel-row").first).to_be_visible()
    assert page.locator(".panel-row").count() > 1

    # Someone else's link does not open the patient for a clinician not on the team.
    with session_scope() as db:
        lookers = set(
            db.exec(select(AuditEvent.actor_id).where(AuditEvent.patient_id == patient.id)).all()
        )
    assert RIVERA in lookers and stranger.user_id not in lookers  # her looks are audited
    stranger_page = page.context.browser.new_context(
        base_url=page.url.split("/patient")[0], viewport=page.viewport_size
    ).new_page()
    with session_scope() as db:
        from portal_app.models import User

        email = db.get(User, stranger.user_id).email
    sign_in_as(stranger_page, email)
    stranger_page.goto(address)
    expect(stranger_page.get_by_text("Please pick a patient from your list first.")).to_be_visible()
    expect(stranger_page.get_by_text(name)).to_have_count(0)
    # ... and their own panel says plainly that they have no patients yet.
    open_page(stranger_page, "/panel")
    expect(stranger_page.get_by_text("No patients yet.")).to_be_visible()
    stranger_page.context.close()
