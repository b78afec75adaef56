"""A support group with two patients and its facilitator, as they use it: the clinician starts
the group on a computer; Ana asks to join on her phone under a name she picks (her real name
is refused) after agreeing to the rules; the facilitator lets her and Ben in. Ana's first post
waits, is shown; Ben replies and reports a later post, which the facilitator hides. Ana shares
her name and phone by choice, stops, shares again, and the facilitator takes it down. Ana's
post with crisis words is held, she sees crisis help where she tapped, and the facilitator
sees the safety hold on the group's page and is emailed at once, with a link to /alerts where
they close it with a note. The facilitator takes Ben out and then ends the group; each
member's open page empties at once. Nobody sees anyone's real name unless they choose to
share it."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import GroupSafetyAlert, SupportGroup, User
from portal_app.services.groups.membership import ask_to_join
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS
from tests.e2e.helpers import (
    accessibility_violations,
    newest_link_for,
    open_page,
    seen,
    small_targets,
)
from tests.factories import make_care_team_patient, make_clinician


def send(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Your message", exact=True).fill(text)
    page.get_by_role("button", name="Post", exact=True).click()


def post_by(page: Page, author: str, text: str):
    return page.get_by_role("listitem", name=author).filter(has_text=text)


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_two_members_and_a_facilitator_share_a_safe_space(
    browser: Browser, live_server, stack, sign_in_as, page: Page
) -> None:
    tag = uuid.uuid4().hex[:6]
    with session_scope() as db:
        facilitator = make_clinician(db, f"dr.g{tag}@example.org", "Dr. Gail Group")
        ana_email, ben_email = f"ana.{tag}@example.org", f"ben.{tag}@example.org"
        make_care_team_patient(db, ana_email, "Ana Lopez", facilitator.user_id)
        ben, _ = make_care_team_patient(db, ben_email, "Ben Okoro", facilitator.user_id)
        staff_email = db.get(User, facilitator.user_id).email
    desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"])
    ben_desk = browser.new_context(base_url=live_server.origin, **VIEWPORTS["desktop"])
    try:
        staff = desk.new_page()
        sign_in_as(staff, staff_email)
        open_page(staff, "/groups")
        expect(staff.get_by_text("Groups you run for your patients.")).to_be_visible()
        expect(staff.get_by_text("In a group you use a name you pick")).to_have_count(0)
        staff.get_by_role("textbox", name="Group name", exact=True).fill(f"Tuesday circle {tag}")
        staff.get_by_role("textbox", name="What the group is for", exact=True).fill(
            "Share what helps, one day at a time."
        )
        staff.get_by_role("textbox", name="When it meets", exact=True).fill("Tuesdays 6 to 7 pm")
        staff.get_by_role("textbox", name="Place (room or address)", exact=True).fill("Room 2")
        staff.get_by_role("radio", name="Tuesday").check()  # reminders, but no time yet
        staff.get_by_role("button", name="Start the group").click()
        seen(staff, "For reminders, pick both the day and the time the group starts.")
        expect(staff.get_by_role("textbox", name="Group name", exact=True)).to_have_value(
            f"Tuesday circle {tag}"
        )
        staff.get_by_label("Time it starts").fill("18:00")
        staff.get_by_role("button", name="Start the group").click()
        seen(staff, "The group is ready.")
        with session_scope() as db:
            group = db.exec(
                select(SupportGroup).where(SupportGroup.name == f"Tuesday circle {tag}")
            ).one()
            assert (group.meets_weekday, group.meets_at) == (1, "18:00")
            ask_to_join(db, ben, group.id, "Quiet Oak", rules_accepted=True, now=datetime.now(UTC))

        # Ana asks on her phone; her real name is refused, in view.
        sign_in_as(page, ana_email)
        open_page(page, "/groups")
        page.get_by_role("button", name="Ask to join").click()
        expect(page.get_by_text("What is said here stays here.")).to_be_visible()
        page.get_by_role("textbox", name="Your name in this group", exact=True).fill("Ana L")
        page.get_by_role("radio", name="Yes, I agree").check()
        page.get_by_role("button", name="Send my request").click()
        seen(page, "That name looks like your real name or email.")
        page.get_by_role("textbox", name="Your name in this group", exact=True).fill("Blue Heron")
        page.get_by_role("button", name="Send my request").click()
        seen(page, "Your request is sent.")
        assert accessibility_violations(page) == [] and small_targets(page) == []

        open_page(staff, f"/group?id={group.id}")
        for name in ("Blue Heron", "Quiet Oak"):
            asking = staff.get_by_role("listitem").filter(has_text=name)
            asking.get_by_role("button", name="Let in").click()
            expect(asking.get_by_role("button", name="Let in")).to_have_count(0)
        members = staff.get_by_role("heading", name="In the group").locator("xpath=..")
        expect(members.get_by_role("listitem")).to_have_count(2)

        open_page(page, f"/group?id={group.id}")
        send(page, "Hello, I am new here.")
        seen(page, "Your first post shows once the group leader has looked at it.")
        post_by(staff, "Blue Heron", "Hello, I am new here.").get_by_role(
            "button", name="Show it"
        ).click()
        send(page, "Walking after dinner helped me this week.")
        seen(page, "Posted.")
        page.screenshot(path=str(ARTIFACTS / "groups-space-phone.png"), full_page=True)

        # Ben, on his own computer: he replies and reports.
        bens = ben_desk.new_page()
        sign_in_as(bens, ben_email)
        open_page(bens, f"/group?id={group.id}")
        walk = post_by(bens, "Blue Heron", "Walking after dinner")
        walk.get_by_role("button", name="Reply").click()
        send(bens, "Thanks for sharing that.")
        seen(bens, "Your first post shows once the group leader has looked at it.")
        walk.get_by_role("button", name="Report").click()
        seen(bens, "Thank you. The group leader will look at it.")
        assert "Ana" not in bens.locator("main").inner_text()
        assert accessibility_violations(bens) == [] and small_targets(bens) == []

        open_page(staff, f"/group?id={group.id}")
        reported = post_by(staff, "Blue Heron", "Walking after dinner")
        expect(reported).to_contain_text("Reports: 1", use_inner_text=True)
        reported.get_by_role("button", name="Hide").click()
        open_page(bens, f"/group?id={group.id}")
        expect(bens.get_by_text("Walking after dinner")).to_have_count(0)

        # Ana chooses to share her name and phone. Not before she says she understands who
        # sees it (what she typed stays); then Ben's and the facilitator's open pages show it
        # within seconds, and it is gone from them when she stops.
        contact = "I am Ana. Text me at 555-0142."
        sharing = page.get_by_role("heading", name="Share your name or phone").locator("xpath=..")
        sharing.get_by_role("textbox", name="What to share").fill(contact)
        sharing.get_by_role("button", name="Share with the group").click()
        seen(page, "Please check the box to say you know everyone here will see it.")
        expect(sharing.get_by_role("textbox", name="What to share")).to_have_value(contact)
        sharing.get_by_role("checkbox", name="everyone in this group will see this").check()
        sharing.get_by_role("button", name="Share with the group").click()
        seen(page, "Shared with the group.")
        expect(sharing.get_by_role("listitem", name="Blue Heron")).to_contain_text("(you)")
        expect(
            bens.get_by_role("listitem", name="Blue Heron").filter(has_text=contact)
        ).to_be_visible()
        staff_members = staff.get_by_role("heading", name="In the group").locator("xpath=..")
        expect(staff_members.get_by_role("listitem", name="Blue Heron")).to_contain_text(contact)
        assert accessibility_violations(page) == [] and small_targets(page) == []
        page.screenshot(path=str(ARTIFACTS / "groups-sharing-phone.png"), full_page=True)
        sharing.get_by_role("button", name="Stop sharing").click()
        seen(page, "You stopped sharing.")
        expect(bens.get_by_text("555-0142")).to_have_count(0)
        expect(staff_members.get_by_text("555-0142")).to_have_count(0)
        # She shares again; the facilitator takes the line down (she stays in the group).
        sharing.get_by_role("textbox", name="What to share").fill(contact)
        sharing.get_by_role("checkbox", name="everyone in this group will see this").check()
        sharing.get_by_role("button", name="Share with the group").click()
        seen(page, "Shared with the group.")
        expect(staff_members.get_by_role("listitem", name="Blue Heron")).to_contain_text(contact)
        staff.screenshot(path=str(ARTIFACTS / "groups-sharing-desktop.png"), full_page=True)
        staff_members.get_by_role("listitem", name="Blue Heron").get_by_role(
            "button", name="Take down what they share"
        ).click()
        expect(bens.get_by_text("555-0142")).to_have_count(0)
        expect(sharing.get_by_role("listitem", name="Blue Heron")).to_have_count(0)
        expect(staff_members.get_by_role("listitem", name="Blue Heron")).to_be_visible()

        # A post with crisis words: held, help where she tapped, a hold for the facilitator,
        # who is emailed (and pushed) at once in neutral words, with a link to /alerts.
        started = time.time() - 1
        send(page, "Some nights I want to kill myself.")
        seen(page, "Your post is waiting for the group leader")
        expect(page.get_by_role("link", name="Call 988 Suicide and Crisis")).to_be_visible()
        assert accessibility_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "groups-crisis-phone.png"), full_page=True)
        with session_scope() as db:
            hold = db.exec(
                select(GroupSafetyAlert).where(GroupSafetyAlert.group_id == group.id)
            ).one()
        assert hold.acknowledged_at is None
        open_page(staff, f"/group?id={group.id}")
        holds = staff.get_by_role("heading", name="Posts held for safety").locator("xpath=..")
        expect(holds).to_contain_text("Blue Heron")
        expect(holds.get_by_role("link", name="Open their patient page")).to_be_visible()
        assert accessibility_violations(staff) == [] and small_targets(staff) == []
        staff.screenshot(path=str(ARTIFACTS / "groups-facilitator-desktop.png"), full_page=True)

        open_page(staff, "/panel")  # their home says so too
        held_here = staff.get_by_role("status").filter(has_text="Group posts held for safety")
        expect(held_here).to_contain_text("1")
        expect(held_here.get_by_role("link", name="Read them on the alerts page")).to_be_visible()

        link = newest_link_for(
            stack.data_dir / "outbox", staff_email, started, r"http://\S+/alerts"
        )
        # The facilitator opens it on their phone, as they would at night.
        on_phone = browser.new_context(base_url=live_server.origin, **VIEWPORTS["phone"])
        pocket = on_phone.new_page()
        sign_in_as(pocket, staff_email)
        pocket.goto(link)
        held = pocket.get_by_role("heading", name="Group posts held for safety").locator("xpath=..")
        expect(held).to_contain_text("Some nights I want to kill myself.")
        expect(held).to_contain_text(f"Tuesday circle {tag}")
        expect(held.get_by_role("link", name="Open the group")).to_be_visible()
        assert accessibility_violations(pocket) == [] and small_targets(pocket) == []
        pocket.screenshot(path=str(ARTIFACTS / "groups-hold-alerts-phone.png"), full_page=True)
        held.get_by_role("button", name="Close with this note").click()
        seen(pocket, "Please write what you did before closing the alert.")
        held.get_by_role("textbox", name="What did you do? (needed to close it)").fill(
            "Called her; she is safe with her sister tonight."
        )
        held.get_by_role("button", name="Close with this note").click()
        seen(pocket, "The post is closed. Your note is saved.")
        expect(pocket.get_by_text("Some nights I want to kill myself.")).to_have_count(0)
        on_phone.close()
        open_page(staff, f"/group?id={group.id}")
        expect(staff.get_by_role("heading", name="Posts held for safety")).to_have_count(0)
        open_page(bens, f"/group?id={group.id}")
        expect(bens.get_by_text("kill myself")).to_have_count(0)

        # The facilitator takes Ben out: his open page empties within seconds. Then the
        # group ends (a second, deliberate tap) and Ana's page empties too.
        members = staff.get_by_role("heading", name="In the group").locator("xpath=..")
        members.get_by_role("listitem", name="Quiet Oak").get_by_role(
            "button", name="Take out of the group"
        ).click()
        expect(members.get_by_role("listitem", name="Quiet Oak")).to_have_count(0)
        expect(bens.get_by_text("You are not in this group, or it is closed.")).to_be_visible()
        open_page(page, f"/group?id={group.id}")
        staff.get_by_text("End the group…").click()
        expect(staff.get_by_text("This cannot be undone.")).to_be_in_viewport()
        assert accessibility_violations(staff) == [] and small_targets(staff) == []
        staff.get_by_role("button", name="Yes, end the group now").click()
        seen(staff, "This group has ended.")
        expect(page.get_by_text("You are not in this group, or it is closed.")).to_be_visible()
        open_page(page, "/groups")
        expect(page.get_by_text(f"Tuesday circle {tag}")).to_have_count(0)
    finally:
        desk.close()
        ben_desk.close()
