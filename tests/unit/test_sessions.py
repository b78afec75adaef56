"""Sessions: idle 15 minutes, at most 12 hours, ended at once by sign-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import (
    end_all_sessions,
    end_session,
    resolve_session,
    session_token_from_cookie_header,
    start_session,
)
from portal_app.services.identity.tokens import hash_token
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ALEX = demo_id("user", "alex@example.org")


def test_a_new_session_resolves_to_its_person(db) -> None:
    token = start_session(db, ALEX, now=T0)
    person = resolve_session(db, token, clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=1))
    assert person is not None and person.user_id == ALEX
    assert person.display_name == "Alex Morgan"
    assert len(token) >= 43  # 256 bits, URL-safe


def test_only_the_hash_is_stored(db) -> None:
    from sqlmodel import select

    from portal_app.models import AuthSession

    token = start_session(db, ALEX, now=T0)
    stored = db.exec(select(AuthSession.token_hash)).all()
    assert hash_token(token) in stored and token not in stored


def test_idle_for_15_minutes_ends_the_session(db) -> None:
    token = start_session(db, ALEX, now=T0)
    assert resolve_session(
        db, token, clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=14, seconds=59)
    )
    assert resolve_session(
        db, token, clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=29, seconds=58)
    )  # was touched
    assert resolve_session(db, token, clinic_id=DEMO_CLINIC, now=T0 + timedelta(minutes=45)) is None


def test_activity_cannot_stretch_past_12_hours(db) -> None:
    token = start_session(db, ALEX, now=T0)
    moment = T0
    while moment < T0 + timedelta(hours=11, minutes=50):
        moment += timedelta(minutes=10)
        assert resolve_session(db, token, clinic_id=DEMO_CLINIC, now=moment)
    assert resolve_session(db, token, clinic_id=DEMO_CLINIC, now=T0 + timedelta(hours=12)) is None


def test_sign_out_and_sign_out_everywhere(db) -> None:
    phone, laptop, tablet = (start_session(db, ALEX, now=T0) for _ in range(3))
    end_session(db, phone, now=T0)
    assert resolve_session(db, phone, clinic_id=DEMO_CLINIC, now=T0) is None
    keep = resolve_session(db, laptop, clinic_id=DEMO_CLINIC, now=T0)
    end_all_sessions(db, ALEX, now=T0, keep=keep.session_id)
    assert resolve_session(db, laptop, clinic_id=DEMO_CLINIC, now=T0) is not None
    assert resolve_session(db, tablet, clinic_id=DEMO_CLINIC, now=T0) is None


def test_unknown_and_empty_tokens_resolve_to_nobody(db) -> None:
    assert resolve_session(db, "not-a-token", clinic_id=DEMO_CLINIC, now=T0) is None
    assert resolve_session(db, None, clinic_id=DEMO_CLINIC, now=T0) is None


def test_cookie_header_parsing() -> None:
    header = "theme=dark; __Host-steady_session=abc_DEF-123; other=1"
    assert session_token_from_cookie_header(header) == "abc_DEF-123"
    assert session_token_from_cookie_header("steady_session=abc") is None
    assert session_token_from_cookie_header('bad"cookie') is None
