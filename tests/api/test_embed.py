"""The pieces a clinic frames on its own website, over HTTP: each names exactly the clinic's
listed sites as its frame ancestors (every other page keeps 'self'), sets no cookie, and the
visit request takes a form from our own frame or a listed site only, keeps what was typed
when something is wrong, and tells the admins in words that name nobody."""

from __future__ import annotations

import email
import email.policy
import re
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal_app.db import get_engine
from portal_app.models import Clinic, VisitRequest
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.settings import get_settings

RIVERSIDE, HARBOR = "localhost:3000", "127.0.0.1:3000"
SITE = "https://www.riverside.example"
RIVERSIDE_ID = demo_id("clinic", "steady-demo")
PIECES = ("/embed/crisis", "/embed/request", "/embed/reading", "/embed/sign-in")


@pytest.fixture
def listed_site():
    """Riverside lists its website for this test only."""
    with Session(get_engine()) as db:
        clinic = db.get(Clinic, RIVERSIDE_ID)
        before, clinic.embed_origins = clinic.embed_origins, SITE
        db.add(clinic)
        db.commit()
    yield SITE
    with Session(get_engine()) as db:
        clinic = db.get(Clinic, RIVERSIDE_ID)
        clinic.embed_origins = before
        db.add(clinic)
        db.commit()


def ancestors(response) -> str:
    policy = response.headers["content-security-policy"]
    return next(p.strip() for p in policy.split(";") if p.strip().startswith("frame-ancestors"))


def test_pieces_name_exactly_the_listed_sites_and_set_no_cookie(client: TestClient, listed_site):
    for path in PIECES:
        response = client.get(path, headers={"host": RIVERSIDE})
        assert response.status_code == 200, path
        assert ancestors(response) == f"frame-ancestors 'self' {SITE}", path
        assert "x-frame-options" not in response.headers, path
        assert "set-cookie" not in response.headers, path
        assert "/_event" not in response.text and "localStorage" not in response.text
    # Harbor listed no site: only the portal itself may frame its pieces.
    assert ancestors(client.get("/embed/crisis", headers={"host": HARBOR})) == (
        "frame-ancestors 'self'"
    )
    # Every other page keeps its own policy.
    for path in ("/", "/sign-in", "/api/clinic"):
        other = client.get(path, headers={"host": RIVERSIDE})
        assert ancestors(other) == "frame-ancestors 'self'", path


def test_the_crisis_card_has_988_and_the_clinics_own_line_in_the_chosen_language(
    client: TestClient,
):
    english = client.get("/embed/crisis?lang=en", headers={"host": RIVERSIDE}).text
    assert 'href="tel:988"' in english and "Call Riverside Behavioral Health after hours" in english
    spanish = client.get("/embed/crisis?lang=es", headers={"host": RIVERSIDE}).text
    assert '<html lang="es"' in spanish and "¿Necesita ayuda ahora?" in spanish
    assert "Need help now?" not in spanish


def form(**changes: str) -> dict[str, str]:
    fields = {
        "name": "Jo",
        "phone": "555-201-0101",
        "email": "",
        "contact_by": "call",
        "best_time": "morning",
        "for_whom": "me",
        "website": "",
    }
    return {**fields, **changes}


def requests_named(name: str) -> list[VisitRequest]:
    with Session(get_engine()) as db:
        return list(db.exec(select(VisitRequest).where(VisitRequest.name == name)).all())


def post(
    client: TestClient,
    fields: dict[str, str],
    origin: str,
    address: str = "",
    fetch_site: str | None = None,
):
    """A form sent from `address` (a new one each time unless given: the limit per address
    has its own test)."""
    sender = TestClient(
        client.app,
        base_url="http://localhost:3000",
        client=(address or f"10.1.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}", 50000),
    )
    return sender.post(
        "/embed/request?lang=en",
        data=fields,
        headers={"host": RIVERSIDE, "origin": origin}
        | ({"sec-fetch-site": fetch_site} if fetch_site else {}),
        follow_redirects=False,
    )


def test_a_request_from_our_frame_reaches_the_queue_and_tells_the_admin(
    client: TestClient, listed_site
):
    name = f"Jo {uuid.uuid4().hex[:6]}"
    outbox = get_settings().data_dir / "outbox"
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    answer = post(client, form(name=name), "http://localhost:3000", "10.0.0.1")
    assert answer.status_code == 303 and "sent=1" in answer.headers["location"]
    assert "set-cookie" not in answer.headers
    (kept,) = requests_named(name)
    assert (kept.clinic_id, kept.status, kept.contact_by) == (RIVERSIDE_ID, "new", "call")
    assert kept.client_key and "10.0.0.1" not in kept.client_key
    notices = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in set(outbox.glob("*.eml")) - before
    ]
    to_admin = [n for n in notices if n["To"] == "admin@example.org"]
    assert len(to_admin) == 1
    words = f"{to_admin[0]['Subject']} {to_admin[0].get_body().get_content()}"
    assert "visit request" in words and "/admin/requests" in words
    assert name not in words and "555" not in words
    thanks = client.get(answer.headers["location"], headers={"host": RIVERSIDE})
    assert "Thank you. We got your request." in thanks.text


def test_a_listed_site_may_post_and_any_other_origin_is_refused(client: TestClient, listed_site):
    name = f"Ana {uuid.uuid4().hex[:6]}"
    assert post(client, form(name=name), SITE).status_code == 303
    for origin in ("https://evil.example", "null", "http://127.0.0.1:3000"):
        refused = post(client, form(name=name + "x"), origin)
        assert refused.status_code == 403, origin
        assert "We could not take this request from here" in refused.text
    assert len(requests_named(name)) == 1 and requests_named(name + "x") == []
    # Our own frame's form: its page sends no referrer, so the browser says Origin "null"
    # and Sec-Fetch-Site "same-origin"; a foreign page saying "null" is cross-site.
    ours, foreign = f"{name} ours", f"{name} foreign"
    assert post(client, form(name=ours), "null", fetch_site="same-origin").status_code == 303
    assert post(client, form(name=foreign), "null", fetch_site="cross-site").status_code == 403
    assert len(requests_named(ours)) == 1 and requests_named(foreign) == []


def test_mistakes_keep_what_was_typed_and_say_what_to_fix(client: TestClient):
    name = f"Lu {uuid.uuid4().hex[:6]}"
    answer = post(client, form(name=name, phone="", contact_by="text"), "http://localhost:3000")
    assert answer.status_code == 400
    assert "We need this to reach you. Please fill it in." in answer.text
    assert f'value="{name}"' in answer.text
    assert re.search(r'value="text" checked', answer.text)
    assert requests_named(name) == []


def test_a_robot_is_thanked_and_nothing_is_kept_and_one_address_is_slowed(client: TestClient):
    robot = f"Bot {uuid.uuid4().hex[:6]}"
    answer = post(client, form(name=robot, website="https://spam.example"), "http://localhost:3000")
    assert answer.status_code == 303 and requests_named(robot) == []
    person = f"Max {uuid.uuid4().hex[:6]}"
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    codes = [
        post(client, form(name=f"{person} {n}"), "http://localhost:3000", address).status_code
        for n in range(4)
    ]
    assert codes == [303, 303, 303, 429]
    with Session(get_engine()) as db:
        kept = db.exec(select(VisitRequest).where(VisitRequest.name.startswith(person))).all()  # type: ignore[attr-defined]
    assert len(kept) == 3


def test_articles_open_in_the_frame_and_their_links_open_the_portal_in_a_new_tab(
    client: TestClient,
):
    listing = client.get("/embed/reading?lang=en", headers={"host": RIVERSIDE}).text
    first = re.search(r'href="(/embed/reading/[a-z0-9-]+\?lang=en)"', listing)
    assert first is not None
    article = client.get(first.group(1), headers={"host": RIVERSIDE})
    assert article.status_code == 200 and "<article" in article.text
    for link in re.findall(r"<a [^>]*>", article.text):
        if 'href="/embed/' not in link:
            assert 'target="_blank"' in link, link
    missing = client.get("/embed/reading/nothing-here", headers={"host": RIVERSIDE})
    assert missing.status_code == 404


def test_the_moment_of_a_request_is_kept_in_utc(client: TestClient):
    name = f"Ty {uuid.uuid4().hex[:6]}"
    before = datetime.now(UTC)
    post(client, form(name=name), "http://localhost:3000")
    (kept,) = requests_named(name)
    assert kept.created_at.replace(tzinfo=UTC) >= before.replace(microsecond=0)
