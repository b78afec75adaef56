"""A patient invites a caregiver in the app; the caregiver says yes with their own sign-in,
switches between the two people they help, reads only what was granted; the patient stops
it and the caregiver's open page loses access without a reload."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from playwright.sync_api import Browser, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import User
from portal_app.services.access import Actor
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.caregivers.proxy_grants import Invitee, invite_caregiver
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.factories import make_care_team_patient

LIVE = 15_000  # the open page checks for changes every 3 s


def two_patients() -> tuple[str, str, str, str]:
    """Two patients of Dr. Rivera's; the first has written to the care team."""
    tag = uuid.uuid4().hex[:6]
    first, second = f"cg1.{tag}@example.org", f"cg2.{tag}@example.org"
    with session_scope() as db:
        me, _ = make_care_team_patient(
            db, first, f"Ada {tag}", demo_id("user", "dr.rivera@example.org")
        )
        make_care_team_patient(db, second, f"Ben {tag}", demo_id("user", "dr.rivera@example.org"))
        start_thread(db, me, None, "Sleep question", "I wake at 3.", now=datetime.now(UTC))
    return first, f"Ada {tag}", second, f"Ben {tag}"


def test_invite_accept_switch_and_stop(browser: Browser, live_server, sign_in_as) -> None:
    ada_email, ada, ben_email, ben = two_patients()
    helper_email = f"helper.{uuid.uuid4().hex[:6]}@example.org"
    patient = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"]).new_page()
    sign_in_as(patient, ada_email)
    open_page(patient, "/caregivers")
    expect(patient.get_by_text("No one helps you in the app yet.")).to_be_visible()

    # Nothing chosen: a kind message, and what was typed stays.
    patient.get_by_label("Their name").fill("Hal Helper")
    patient.get_by_label("Their email").fill(helper_email)
    patient.get_by_label("Who they are to you (optional)").fill("Brother")
    patient.get_by_role("button", name="Send the invitation").click()
    expect(patient.get_by_text("Please choose at least one thing")).to_be_visible()
    expect(patient.get_by_label("Their email")).to_have_value(helper_email)
    patient.get_by_role("checkbox", name="See visits").check()
    patient.get_by_role("checkbox", name="Read messages with the care team").check()
    patient.get_by_role("button", name="Send the invitation").click()
    expect(patient.get_by_text("Invitation sent.")).to_be_visible()
    expect(patient.get_by_text("Waiting for them to say yes")).to_be_visible()
    assert accessibility_violations(patient) == [] and small_targets(patient) == []

    # Ben invites the same person (through the service, as the app would).
    with session_scope() as db:
        ben_user = db.exec(select(User).where(User.email == ben_email)).one()
        assert (
            invite_caregiver(
                db,
                Actor(ben_user.id, ben_user.role, ben_user.clinic_id),
                Invitee("Hal Helper", helper_email),
                ["appointments.see"],
                None,
                now=datetime.now(UTC),
                public_origin=live_server.origin,
                deliver=lambda _message: None,
            )
            == ""
        )

    helper = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"]).new_page()
    sign_in_as(helper, helper_email)
    open_page(helper, "/caregivers")
    for name in (ada, ben):
        helper.get_by_role("button", name=f"Yes, I will help {name}").click()
        expect(helper.get_by_text("Thank you. You can help now.")).to_be_visible()
    assert accessibility_violations(helper) == [] and small_targets(helper) == []

    # Switch to Ada: the bar says so, and only her granted parts are offered.
    helper.get_by_role("button", name=f"Help now {ada}").click()
    expect(helper.locator(".helping-bar")).to_contain_text(ada)
    open_page(helper, "/messages")
    expect(helper.get_by_text("Sleep question")).to_be_visible()
    expect(helper.get_by_role("button", name="Write a new message")).to_have_count(0)
    open_page(helper, "/medicines")
    expect(helper.get_by_text("This part is not shared with you.")).to_be_visible()

    # Switch to Ben: his visits only; Ada's conversation is not his.
    open_page(helper, "/caregivers")
    helper.get_by_role("button", name=f"Help now {ben}").click()
    expect(helper.locator(".helping-bar")).to_contain_text(ben)
    open_page(helper, "/messages")
    expect(helper.get_by_text("This part is not shared with you.")).to_be_visible()
    expect(helper.get_by_text("Sleep question")).to_have_count(0)

    # Back to Ada, with her messages open; Ada stops the access from her phone. (Wait for the
    # switch as a person sees it: found in a scale-out run, a page opened before the switch
    # had answered was sent home by the switch's own redirect.)
    open_page(helper, "/caregivers")
    helper.get_by_role("button", name=f"Help now {ada}").click()
    expect(helper.locator(".helping-bar")).to_contain_text(ada)
    open_page(helper, "/messages")
    expect(helper.get_by_text("Sleep question")).to_be_visible()
    patient.reload()
    row = patient.locator(".list-row.stack").filter(has_text="Hal Helper")
    expect(row).to_contain_text("Can help now")
    row.get_by_role("button", name="Stop their access now Hal Helper").click()
    expect(patient.get_by_text("Done. They cannot see or do anything for you now.")).to_be_visible()
    expect(helper.get_by_text("Sleep question")).to_have_count(0, timeout=LIVE)

    # Ada reads what her caregiver looked at.
    patient.reload()
    looked = patient.locator(".card").filter(has_text="What my caregivers looked at")
    expect(looked).to_contain_text(
        "Hal Helper (caregiver) looked at your messages", use_inner_text=True
    )
    patient.context.close()
    helper.context.close()
