"""The guard admits only live sessions of the allowed roles, checked on every call."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import Session

from portal_app.db import get_engine
from portal_app.models import Role
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.sessions import SESSION_COOKIE, end_session, start_session
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting


def browser_with(token: str | None) -> SimpleNamespace:
    """What a handler sees of the connection: the handshake's cookie and the client address."""
    cookie = f"{SESSION_COOKIE}={token}" if token else ""
    return SimpleNamespace(
        router=SimpleNamespace(
            headers=SimpleNamespace(cookie=cookie), session=SimpleNamespace(client_ip="10.0.0.7")
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
