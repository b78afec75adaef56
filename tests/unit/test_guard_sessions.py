"""The guard admits only live sessions of the allowed roles, checked on every call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from portal_app.db import get_engine
from portal_app.models import AuthSession, Role
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.common.local_time import as_utc
from portal_app.services.identity.sessions import (
    SESSION_COOKIE,
    end_session,
    hash_token,
    start_session,
)
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting, read_session_for_event, signed_in_person


def browser_with(token: str | None) -> SimpleNamespace:
    """What a handler sees of the connection: the handshake's cookie and the client address."""
    cookie = f"{SESSION_COOKIE}={token}" if token else ""
    return SimpleNamespace(
        router=SimpleNamespace(
            headers=SimpleNamespace(cookie=cookie, host="localhost:3000"),
            session=SimpleNamespace(client_ip="10.0.0.7"),
        )
    )


class ClinicianDesk:
    def __init__(self, token: str | None) -> None:
        self.router = browser_with(token).router
        self.seen: list[object] = []

    @signed_in_event(Role.CLINICIAN)
    def open_panel(self) -> None:
        self.seen.append(acting())


def sign_in(email: str) -> str:
    with Session(get_engine()) as db:
        token = start_session(db, demo_id("user", email), now=datetime.now(UTC))
        db.commit()
    return token


@pytest.mark.usefixtures("migrated_database")
def test_a_clinician_with_a_live_session_gets_in_as_themselves() -> None:
    desk = ClinicianDesk(sign_in("dr.rivera@example.org"))
    desk.open_panel()
    (actor,) = desk.seen
    assert actor.user_id == demo_id("user", "dr.rivera@example.org")
    assert actor.role is Role.CLINICIAN and actor.client_address == "10.0.0.7"


@pytest.mark.usefixtures("migrated_database")
def test_another_role_is_refused_without_running_the_handler() -> None:
    desk = ClinicianDesk(sign_in("alex@example.org"))
    assert desk.open_panel() is None
    assert desk.seen == []


@pytest.mark.usefixtures("migrated_database")
def test_no_session_is_sent_to_sign_in() -> None:
    desk = ClinicianDesk(None)
    reply = desk.open_panel()
    assert desk.seen == [] and "/sign-in" in str(reply)


@pytest.mark.usefixtures("migrated_database")
def test_signing_out_bites_on_the_very_next_call() -> None:
    token = sign_in("dr.chen@example.org")
    desk = ClinicianDesk(token)
    desk.open_panel()
    with Session(get_engine()) as db:
        end_session(db, token, now=datetime.now(UTC))
        db.commit()
    desk.open_panel()
    assert len(desk.seen) == 1


def test_acting_outside_a_handler_is_a_bug() -> None:
    with pytest.raises(RuntimeError):
        acting()


def statements_during(work) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(get_engine(), "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(get_engine(), "before_cursor_execute", record)
    return seen


@pytest.mark.usefixtures("migrated_database")
def test_an_event_reads_the_session_once_for_the_binding_the_guard_and_the_handler() -> None:
    desk = ClinicianDesk(sign_in("dr.rivera@example.org"))

    def one_event() -> None:
        read_session_for_event(desk)  # the binding middleware, before the event runs
        desk.open_panel()  # the guard
        signed_in_person(desk)  # and the handler asking who this is

    selects = [s for s in statements_during(one_event) if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and len(desk.seen) == 1


@pytest.mark.usefixtures("migrated_database")
def test_activity_is_still_recorded_when_it_is_due() -> None:
    token = sign_in("dr.chen@example.org")
    desk = ClinicianDesk(token)
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    with Session(get_engine()) as db:
        row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
        row.last_seen_at = long_ago
        db.add(row)
        db.commit()
    read_session_for_event(desk)  # reads without recording activity
    desk.open_panel()  # a signed-in handler: the person is active
    with Session(get_engine()) as db:
        row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
        assert as_utc(row.last_seen_at) > long_ago + timedelta(minutes=4)


@pytest.mark.usefixtures("migrated_database")
def test_a_sign_out_bites_on_the_next_event_even_moments_later() -> None:
    token = sign_in("dr.chen@example.org")
    desk = ClinicianDesk(token)
    read_session_for_event(desk)
    desk.open_panel()
    with Session(get_engine()) as db:
        end_session(db, token, now=datetime.now(UTC))
        db.commit()
    read_session_for_event(desk)  # the next event's binding check
    assert desk.open_panel() is not None and len(desk.seen) == 1  # sent to sign in


@pytest.mark.usefixtures("migrated_database")
def test_the_check_before_every_event_begins_no_transaction() -> None:
    """On SQLite every transaction takes the write lock (db.py), so a check that began one
    would queue behind every writer; on PostgreSQL BEGIN and COMMIT are two more round trips."""
    desk = ClinicianDesk(sign_in("dr.rivera@example.org"))
    seen = statements_during(lambda: read_session_for_event(desk))
    assert len(seen) == 1 and seen[0].lstrip().upper().startswith("SELECT")
    assert not [s for s in seen if "BEGIN" in s.upper()]
