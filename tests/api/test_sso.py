"""Staff sign-in through the clinic's own provider, over the portal's real routes, against a
real OpenID Certified provider (oidc-provider) on loopback: a clinician and an admin come in
and get the portal's own session; a forged or replayed state, a missing group, a turned-off
account and a provider that is down all end on the sign-in page with a kind word and no
session; an SSO-only clinic turns the password path off for staff."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import Session, col, func, select
from starlette.testclient import TestClient

from portal_app.db import get_engine
from portal_app.models import AuditEvent, AuthSession, ClinicSso, Role, SsoAttempt, User
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.identity import sso
from portal_app.services.identity.sessions import SESSION_COOKIE
from portal_app.services.identity.sign_in import check_password
from portal_app.settings import get_settings
from tests.oidc import CLIENT_ID, CLIENT_SECRET, free_port, running_provider, sign_in_at_provider

HOST = "localhost:3000"
CALLBACK = "http://localhost:3000/api/sso/callback"
RIVERSIDE = demo_id("clinic", "steady-demo")
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, RIVERSIDE)


def configure(issuer: str, *, sso_only: bool = False) -> None:
    form = sso.SsoForm(
        label="Riverside Okta",
        issuer=issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        clinician_group="steady-clinicians",
        admin_group="steady-admins",
        group_claim="groups",
        sso_only=sso_only,
    )
    with Session(get_engine()) as db:
        assert (
            sso.save(db, ADMIN, form, str(get_settings().secret_key), now=datetime.now(UTC)) == ""
        )
        db.commit()


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_provider([CALLBACK]) as running:
        yield running


@pytest.fixture
def provider(issuer: str) -> Iterator[str]:
    """Riverside signs its staff in through the provider for this test only."""
    configure(issuer)
    yield issuer
    with Session(get_engine()) as db:
        row = db.get(ClinicSso, RIVERSIDE)
        if row is not None:
            db.delete(row)
            db.commit()


def answer_for(client: TestClient, login: str) -> tuple[str, str]:
    """Tap the button and sign in at the provider: the address the provider sends this
    browser back to, and the browser's own sign-in cookie ("" if none was set)."""
    started = client.get("/api/sso/start", headers={"host": HOST}, follow_redirects=False)
    assert started.status_code == 303, started.text
    cookie = started.headers.get("set-cookie", "").split(";")[0]  # name=value
    with httpx.Client(timeout=10) as browser_at_provider:
        back = sign_in_at_provider(
            browser_at_provider, started.headers["location"], login, until=CALLBACK
        )
    return back.removeprefix("http://localhost:3000"), cookie


def come_back(client: TestClient, path: str, cookie: str, host: str = HOST) -> httpx.Response:
    """The browser at the portal's callback, carrying `cookie` (the http test client would
    not send a Secure cookie by itself)."""
    headers = {"host": host} | ({"cookie": cookie} if cookie else {})
    return client.get(path, headers=headers, follow_redirects=False)


def go_through(client: TestClient, login: str) -> httpx.Response:
    """Tap the button, sign in at the provider, come back: the portal's last answer."""
    return come_back(client, *answer_for(client, login))


def password_try(email: str, address: str):  # type: ignore[no-untyped-def]
    """The password step of the sign-in page, for `email` at Riverside."""
    with Session(get_engine()) as db:
        result = check_password(
            db,
            email,
            DEMO_PASSWORD,
            clinic_id=RIVERSIDE,
            client_address=address,
            now=datetime.now(UTC),
        )
        db.commit()
    return result


def sessions_of(email: str) -> int:
    with Session(get_engine()) as db:
        user = db.exec(select(User).where(User.email == email, User.clinic_id == RIVERSIDE)).first()
        if user is None:
            return 0
        return int(db.exec(select(func.count()).where(AuthSession.user_id == user.id)).one())


def test_a_clinician_and_an_admin_come_in_with_the_portals_own_session(client, provider):
    answer = go_through(client, "dr.okta@example.org")
    assert answer.status_code == 303 and answer.headers["location"] == "/panel"
    (cookie,) = [c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)]
    assert "httponly" in cookie.lower()
    with Session(get_engine()) as db:
        made = db.exec(select(User).where(User.email == "dr.okta@example.org")).one()
        assert (made.role, made.clinic_id, made.is_active) == (Role.CLINICIAN, RIVERSIDE, True)
        assert made.sso_subject == "dr.okta@example.org" and made.password_hash is None
    assert sessions_of("dr.okta@example.org") >= 1
    admin = go_through(client, "boss.okta@example.org")
    assert admin.status_code == 303 and admin.headers["location"] == "/more"


def test_a_forged_or_replayed_state_gets_no_session(client, provider):
    before = sessions_of("dr.okta@example.org")
    forged = client.get(
        "/api/sso/callback?code=abc&state=" + uuid.uuid4().hex,
        headers={"host": HOST},
        follow_redirects=False,
    )
    assert forged.headers["location"] == "/sign-in?sso=refused"
    assert not [c for c in forged.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)]
    path, cookie = answer_for(client, "dr.okta@example.org")
    assert come_back(client, path, cookie).headers["location"] == "/panel"
    assert come_back(client, path, cookie).headers["location"] == "/sign-in?sso=refused"
    assert sessions_of("dr.okta@example.org") == before + 1
    # The same answer at another clinic's hostname is nothing there.
    path, cookie = answer_for(client, "dr.okta@example.org")
    elsewhere = come_back(client, path, cookie, host="127.0.0.1:3000")
    assert elsewhere.headers["location"] == "/sign-in?sso=refused"


def test_an_answer_opened_in_another_browser_gets_no_session(client, provider):
    """Login CSRF: someone signs in at the provider themselves and sends the way back to a
    colleague; the colleague's browser must not end up signed in as them."""
    before = sessions_of("dr.okta@example.org")
    path, cookie = answer_for(client, "dr.okta@example.org")
    assert cookie, "the start sets a cookie that ties the sign-in to this browser"
    assert come_back(client, path, "").headers["location"] == "/sign-in?sso=refused"
    _, another = answer_for(client, "dr.okta@example.org")
    assert come_back(client, path, another).headers["location"] == "/sign-in?sso=refused"
    assert sessions_of("dr.okta@example.org") == before


def test_no_group_or_a_turned_off_account_gets_no_session(client, provider):
    assert go_through(client, "nogroup.okta@example.org").headers["location"] == (
        "/sign-in?sso=no_group"
    )
    assert sessions_of("nogroup.okta@example.org") == 0
    go_through(client, "dr.okta@example.org")
    with Session(get_engine()) as db:
        person = db.exec(select(User).where(User.email == "dr.okta@example.org")).one()
        person.is_active = False
        db.add(person)
        db.commit()
    try:
        assert go_through(client, "dr.okta@example.org").headers["location"] == (
            "/sign-in?sso=account_off"
        )
    finally:
        with Session(get_engine()) as db:
            person = db.exec(select(User).where(User.email == "dr.okta@example.org")).one()
            person.is_active = True
            db.add(person)
            db.commit()
    with Session(get_engine()) as db:
        refusals = db.exec(
            select(AuditEvent.category).where(AuditEvent.action == "sign_in.sso_refused")
        ).all()
    assert {"no_group", "account_off"} <= set(refusals)


def test_a_provider_that_is_down_says_so_and_the_password_path_stays(client, provider):
    configure(f"http://127.0.0.1:{free_port()}")
    down = client.get("/api/sso/start", headers={"host": HOST}, follow_redirects=False)
    assert down.headers["location"] == "/sign-in?sso=provider_down"
    staff = password_try("dr.rivera@example.org", "10.2.0.3")  # the password path stays
    assert staff.ok and not staff.use_sso


def test_sso_only_turns_off_the_password_for_staff_and_not_for_patients(client, issuer):
    configure(issuer, sso_only=True)
    try:
        staff = password_try("dr.rivera@example.org", "10.2.0.1")
        patient = password_try("alex@example.org", "10.2.0.2")
        assert staff.use_sso and staff.user_id is None
        assert patient.ok and not patient.use_sso
    finally:
        with Session(get_engine()) as db:
            row = db.get(ClinicSso, RIVERSIDE)
            if row is not None:
                db.delete(row)
                db.commit()


def test_a_flood_of_starts_does_not_reach_the_provider(client, provider):
    with Session(get_engine()) as db:
        now = datetime.now(UTC)
        for n in range(sso.STARTS_PER_MINUTE):
            db.add(
                SsoAttempt(
                    state_hash=f"flood-{uuid.uuid4().hex}-{n}"[:64],
                    clinic_id=RIVERSIDE,
                    nonce="n",
                    code_verifier="v",
                    created_at=now,
                )
            )
        db.commit()
    busy = client.get("/api/sso/start", headers={"host": HOST}, follow_redirects=False)
    assert busy.headers["location"] == "/sign-in?sso=busy"
    with Session(get_engine()) as db:  # a minute later it works again
        for old in db.exec(
            select(SsoAttempt).where(col(SsoAttempt.state_hash).startswith("flood-"))
        ).all():
            db.delete(old)
        db.commit()
    assert (
        client.get("/api/sso/start", headers={"host": HOST}, follow_redirects=False)
        .headers["location"]
        .startswith(provider)
    )
