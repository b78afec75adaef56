"""Signing in: email links and passwords. Checks run in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.services import mail
from portal_app.services.sign_in import HANDOFF, check_password, issue_token, send_sign_in_link
from portal_app.settings import get_settings
from portal_app.state.guard import public_event

EMAIL_SHAPE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
PROBLEMS = (
    "sign_in.email_invalid",
    "sign_in.password_missing",
    "sign_in.wrong",
    "sign_in.wait",
)


def _deliver_link(email: str) -> None:
    settings = get_settings()
    with session_scope() as db:
        send_sign_in_link(
            db,
            email,
            now=datetime.now(UTC),
            public_origin=settings.public_origin,
            deliver=lambda message: mail.send(
                message, smtp_url=settings.smtp_url, outbox=settings.data_dir / "outbox"
            ),
        )


def _password_handoff(email: str, password: str, client_address: str) -> tuple[str, str]:
    """("", token) when the password is right; (problem key, "") otherwise."""
    now = datetime.now(UTC)
    with session_scope() as db:
        result = check_password(db, email, password, client_address=client_address, now=now)
        if result.wait_seconds:
            return "sign_in.wait", ""
        if result.user_id is None:
            return "sign_in.wrong", ""
        return "", issue_token(db, result.user_id, HANDOFF, now=now)


class SignInState(rx.State):
    link_sent: bool = False
    problem: str = ""  # one of PROBLEMS, shown in the reader's language

    @rx.event
    @public_event
    async def send_email_link(self, form_data: dict[str, Any]) -> None:
        email = str(form_data.get("link_email", "")).strip()
        self.problem, self.link_sent = "", False
        if not EMAIL_SHAPE.match(email):
            self.problem = "sign_in.email_invalid"
            return
        await asyncio.to_thread(_deliver_link, email)
        self.link_sent = True

    @rx.event
    @public_event
    async def sign_in_with_password(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        email = str(form_data.get("password_email", "")).strip()
        password = str(form_data.get("password", ""))
        self.problem, self.link_sent = "", False
        if not EMAIL_SHAPE.match(email):
            self.problem = "sign_in.email_invalid"
            return None
        if not password:
            self.problem = "sign_in.password_missing"
            return None
        problem, handoff = await asyncio.to_thread(
            _password_handoff, email, password, self.router.session.client_ip
        )
        if problem:
            self.problem = problem
            return None
        # A one-minute, single-use token in the fragment (never sent to a server): the link
        # page's steady.js trades it for the session cookie straight away.
        return rx.redirect(f"/sign-in/link#h={handoff}", replace=True)
