"""A clinician finds a risk alert, is asked for a note, and closes it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import CareTeamMembership, Patient, RiskAlert, Role
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import sync
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import answers_entry, make_patient


def patient_with_alert(name: str, clinician: str) -> uuid.UUID:
    with session_scope() as db:
        user = make_patient(db, f"alert.{uuid.uuid4().hex[:8]}@example.org", name)
        patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
        db.add(
            CareTeamMembership(
                patient_id=patient.id, clinician_id=demo_id("user", clinician), is_primary=True
            )
        )
        db.flush()
        entry = answers_entry("phq9", [1] * 8 + [3], datetime.now(UTC))
        sync(db, Actor(user.id, Role.PATIENT, user.clinic_id), [entry], now=datetime.now(UTC))
        return patient.id


def test_a_clinician_closes_a_risk_alert_with_a_note(sign_in_as, page: Page, device: str) -> None:
    clinician = "dr.rivera@example.org" if device == "phone" else "dr.chen@example.org"
    name = f"Noor {uuid.uuid4().hex[:4]}"
    patient_id = patient_with_alert(name, clinician)
    sign_in_as(page, clinician)
    open_page(page, "/")
    page.get_by_role("link", name="Risk alerts").first.click()
    alert = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name))
    expect(alert).to_be_visible()
    expect(alert.get_by_text("Safety questions not answered yet")).to_be_visible()
    assert accessibility_violations(page) == [] and small_targets(page) == []

    alert.get_by_role("button", name="Close with this note").click()
    expect(alert.get_by_role("alert").filter(has_text="Please write what you did")).to_be_visible()
    alert.get_by_label("What did you do?").fill(
        "Called Noor. Safe with family tonight; visit tomorrow."
    )
    alert.get_by_role("button", name="Close with this note").click()
    expect(page.get_by_text("The alert is closed. Your note is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name=name)).to_have_count(0)
    with session_scope() as db:
        closed = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient_id)).one()
        assert closed.acknowledged_by == demo_id("user", clinician)
        assert closed.note.startswith("Called Noor.")
