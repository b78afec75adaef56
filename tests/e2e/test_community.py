"""Free support outside the clinic, as a person finds it: the community page lists the crisis
lines and meeting finders with links a tap can follow, in English and Spanish, with no axe
findings and large targets; and on a phone it opens with no internet, like the articles (a
person in trouble may be offline)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from portal_app.db import session_scope
from portal_app.services.clinic.demo_seed import demo_id
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import accessibility_violations, open_page, small_targets
from tests.e2e.test_offline_check_in import ready_for_offline
from tests.factories import make_care_team_patient


def lines_in_view(page: Page, *, spanish: bool = False) -> None:
    heading = "Apoyo gratis cerca de usted" if spanish else "Free support near you"
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    call = page.get_by_role("link", name="Llamar al 988" if spanish else "Call 988", exact=True)
    expect(call).to_have_attribute("href", "tel:988")
    text_help = page.get_by_role(
        "link", name="Enviar AYUDA al 988" if spanish else "Text AYUDA to 988"
    )
    expect(text_help).to_have_attribute("href", "sms:988?&body=AYUDA")


def test_community_resources_are_plain_and_reachable(page: Page, device: str) -> None:
    open_page(page, "/community")
    lines_in_view(page)
    expect(page.get_by_role("link", name="Find an AA meeting")).to_have_attribute(
        "href", "https://www.aa.org/find-aa"
    )
    assert accessibility_violations(page) == [] and small_targets(page) == []
    page.screenshot(path=str(ARTIFACTS / f"community-{device}.png"), full_page=True)


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_community_resources_open_offline_in_both_languages(page: Page, sign_in_as) -> None:
    email = f"offline.{uuid.uuid4().hex[:6]}@example.org"
    with session_scope() as db:
        make_care_team_patient(db, email, "Noor Haddad", demo_id("user", "dr.rivera@example.org"))
    sign_in_as(page, email)
    ready_for_offline(page)
    page.context.set_offline(True)
    try:
        page.goto("/community")
        lines_in_view(page)
        page.get_by_role("button", name="Español").click()
        lines_in_view(page, spanish=True)
    finally:
        page.context.set_offline(False)
