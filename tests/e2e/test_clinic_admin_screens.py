"""A clinic admin's day one in Chromium, at Harbor's own hostname (127.0.0.1): the look and
numbers, staff accounts (turning one off signs that person out at once), care teams and
caregivers. Every screen passes axe with 48 px targets on a phone and a desktop."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from portal_app.db import session_scope
from portal_app.models import Clinic, Role, User
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SLUG
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, start_session
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS
from tests.e2e.helpers import accessibility_violations, small_targets

HARBOR = demo_id("clinic", SECOND_CLINIC_SLUG)
ADMIN_PAGES = {
    "/admin/brand": "Your clinic's look",
    "/admin/staff": "Staff",
    "/admin/care-teams": "Care teams",
    "/admin/people": "Invite people",
    "/admin/clinic": "Clinic settings",
    "/admin/intake": "Intake forms",
}


def harbor_origin(live_server) -> str:
    return f"http://127.0.0.1:{urlsplit(live_server.origin).port}"


def signed_in_at_harbor(
    browser: Browser, live_server, device: str, user_id: uuid.UUID
) -> tuple[BrowserContext, Page]:
    """A browser signed in as a Harbor person, reading in English (Harbor's first is Spanish)."""
    context = browser.new_context(base_url=harbor_origin(live_server), **VIEWPORTS[device])
    context.add_init_script(
        "localStorage.setItem('steady.tourDone', '1'); localStorage.setItem('steady.lang', 'en')"
    )
    with session_scope() as db:
        token = start_session(db, user_id, now=datetime.now(UTC))
    context.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": token,
                "domain": "127.0.0.1",
                "path": "/",
                "secure": True,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    return context, context.new_page()


def open_admin(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator(".brand")).to_have_text("Harbor Counseling Center")
    expect(page.get_by_role("heading", name=ADMIN_PAGES[path], level=1)).to_be_visible()


@pytest.fixture
def admin(browser: Browser, live_server, device: str):
    context, page = signed_in_at_harbor(
        browser, live_server, device, demo_id("user", "admin@harbor.example")
    )
    yield page
    context.close()


def test_every_admin_screen_is_accessible_with_big_targets(admin: Page, device: str) -> None:
    for path, heading in ADMIN_PAGES.items():
        open_admin(admin, path)
        if path == "/admin/staff":
            expect(admin.get_by_role("listitem", name="Dr. Sofía Méndez")).to_be_visible()
        if path == "/admin/care-teams":
            expect(admin.get_by_role("listitem", name="María Flores")).to_be_visible()
        assert accessibility_violations(admin) == [], path
        assert small_targets(admin) == [], path
        name = path.strip("/").replace("/", "-")
        admin.screenshot(path=str(ARTIFACTS / f"{name}-{device}.png"), full_page=True)


def test_the_admin_changes_the_clinics_colour_and_a_too_light_one_is_refused(
    admin: Page,
) -> None:
    open_admin(admin, "/admin/brand")
    admin.get_by_label("Main color").fill("#cccccc")
    admin.get_by_label("Clinic phone").fill("(555) 020-0111")
    admin.get_by_role("button", name="Save").click()
    refused = admin.get_by_role("alert").filter(has_text="The main color is too light.")
    expect(refused).to_be_visible()
    expect(refused).to_be_in_viewport()
    expect(admin.get_by_label("Clinic phone")).to_have_value("(555) 020-0111")  # kept
    admin.get_by_label("Main color").fill("#2f6f4e")
    admin.get_by_role("button", name="Save").click()
    expect(
        admin.get_by_text("Saved. Patients see the new look and numbers now.")
    ).to_be_in_viewport()
    admin.reload()
    expect(admin.locator(".topbar")).to_have_css("background-color", "rgb(47, 111, 78)")
    with session_scope() as db:  # Harbor's look back, for the other tests
        clinic = db.get(Clinic, HARBOR)
        clinic.primary_color, clinic.phone = "#7a2e5c", "(555) 020-0100"
        db.add(clinic)


def test_turning_off_a_clinicians_account_signs_them_out_at_once(
    admin: Page, browser: Browser, live_server, device: str
) -> None:
    with session_scope() as db:
        nurse = User(
            email=f"nurse.{uuid.uuid4().hex[:6]}@harbor.example",
            display_name=f"Nurse Kim {uuid.uuid4().hex[:4]}",
            role=Role.CLINICIAN,
            clinic_id=HARBOR,
            password_hash="x",
        )
        db.add(nurse)
    context, nurse_page = signed_in_at_harbor(browser, live_server, device, nurse.id)
    nurse_page.goto("/panel")
    expect(nurse_page.get_by_role("heading", name="Your patients", level=1)).to_be_visible()

    open_admin(admin, "/admin/staff")
    # The clinician on call cannot be turned off: the reason shows in that row, in view.
    on_call = admin.get_by_role("listitem", name="Dr. Sofía Méndez")
    on_call.get_by_role("button", name="Turn off account").click()
    on_call.get_by_role("button", name="Yes, turn it off").click()
    expect(on_call.get_by_text("This person is on call for risk alerts.")).to_be_in_viewport()

    row = admin.get_by_role("listitem", name=nurse.display_name)
    row.get_by_role("button", name="Turn off account").click()
    row.get_by_role("button", name="Yes, turn it off").click()
    # The outcome is brought into view (steady.js), and the row says it too.
    expect(admin.get_by_role("status").filter(has_text="account turned off")).to_be_in_viewport()
    expect(row.get_by_text("Account off")).to_be_visible()
    expect(row.get_by_role("button", name="Turn account back on")).to_be_visible()

    nurse_page.get_by_role("link", name="Messages").first.click()  # their very next step
    nurse_page.wait_for_url(re.compile(r"/sign-in/?$"))
    context.close()


def test_the_last_care_team_member_stays_and_the_reason_shows_in_the_row(admin: Page) -> None:
    open_admin(admin, "/admin/care-teams")
    maria = admin.get_by_role("listitem", name="María Flores")
    maria.get_by_role("listitem", name="Dr. Sofía Méndez").get_by_role(
        "button", name="Take off team"
    ).click()
    expect(maria.get_by_text("This is the only care team member left.")).to_be_in_viewport()
    expect(maria.get_by_role("listitem", name="Dr. Sofía Méndez")).to_be_visible()


def test_the_admin_invites_many_people_from_a_file_after_fixing_a_bad_row(admin: Page) -> None:
    tag = uuid.uuid4().hex[:6]
    header = "email,name,role,date_of_birth,care_team_email\n"
    good = f"ana.{tag}@example.org,Ana Ruiz,patient,1988-03-03,dr.mendez@harbor.example\n"
    bad = f"leo.{tag}@example.org,Leo Vega,patient,someday,dr.mendez@harbor.example\n"
    open_admin(admin, "/admin/people")

    def send(text: str) -> None:
        with admin.expect_file_chooser() as chooser:
            admin.get_by_role("button", name="Choose a CSV file").click()
        chooser.value.set_files(
            {"name": "people.csv", "mimeType": "text/csv", "buffer": text.encode()}
        )

    send(header + good + bad)
    problem = admin.get_by_role("alert").filter(has_text="Nobody was invited.")
    expect(problem).to_be_in_viewport()
    expect(problem).to_contain_text(f"3: leo.{tag}@example.org")
    expect(admin.get_by_role("button", name="Invite them all now")).to_have_count(0)
    with session_scope() as db:
        assert db.exec(select(User).where(User.email == f"ana.{tag}@example.org")).first() is None

    send(header + good + bad.replace("someday", "1995-05-05"))
    invite_all = admin.get_by_role("button", name="Invite them all now")
    expect(invite_all).to_be_in_viewport()
    invite_all.click()
    sent = admin.get_by_role("status").filter(has_text="Invitations sent. People invited:")
    expect(sent).to_be_in_viewport()
    expect(sent).to_contain_text("2")
    with session_scope() as db:
        added = db.exec(
            select(User.clinic_id).where(
                User.email.in_([f"ana.{tag}@example.org", f"leo.{tag}@example.org"])
            )
        ).all()  # type: ignore[attr-defined]
    assert added == [HARBOR, HARBOR]


def test_the_admins_logo_becomes_the_installed_apps_icon(admin: Page) -> None:
    import io

    from PIL import Image
    from sqlmodel import delete

    from portal_app.models import ClinicImage

    logo = io.BytesIO()
    Image.new("RGB", (512, 512), "#b45309").save(logo, "PNG")
    open_admin(admin, "/admin/brand")
    with admin.expect_file_chooser() as chooser:
        admin.get_by_role("button", name="Choose a logo").click()
    chooser.value.set_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": logo.getvalue()}
    )
    expect(
        admin.get_by_text("Saved. Phones that add the app now show this logo.")
    ).to_be_in_viewport()
    manifest = admin.evaluate("fetch('/manifest.webmanifest').then(r => r.json())")
    assert {i["src"] for i in manifest["icons"]} == {
        "/clinic-icons/icon-192.png",
        "/clinic-icons/icon-512.png",
        "/clinic-icons/maskable-192.png",
        "/clinic-icons/maskable-512.png",
    }
    served = admin.request.get("/clinic-icons/maskable-512.png")
    assert served.ok and served.headers["content-type"] == "image/png"
    with session_scope() as db:  # Harbor without a logo again, for the other tests
        db.exec(delete(ClinicImage).where(ClinicImage.clinic_id == HARBOR))
