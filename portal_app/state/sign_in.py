"""Signing in: email links and passwords, then the second factor when the account needs one.

Checks run in a worker thread, off the event loop. Who is half-way through signing in is kept
in backend-only vars (underscore: never sent to the browser) for five minutes.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from portal_app.db import session_scope
from portal_app.services.clinic.tenancy import site_for_host
from portal_app.services.common import mail
from portal_app.services.identity import invitations, second_factor
from portal_app.services.identity.account import own_account
from portal_app.services.identity.device_trust import DEVICE_COOKIE
from portal_app.services.identity.sessions import cookie_from_header
from portal_app.services.identity.sign_in import (
    HANDOFF,
    check_password,
    check_second_factor,
    issue_token,
    send_sign_in_link,
)
from portal_app.services.problems import (
    InviteProblem,
    PasswordProblem,
    SecondStepProblem,
    SignInProblem,
    SsoProblem,
)
from portal_app.settings import get_settings
from portal_app.state.guard import public_event

EMAIL_SHAPE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
# Back from the clinic's identity provider (api/sso.py), by the ?sso= of the sign-in page.
SSO_PROBLEMS = tuple(p for p in SsoProblem if not p.name.startswith("FORM_"))
PROBLEMS = (
    SignInProblem.EMAIL_INVALID,
    SignInProblem.USE_SSO,
    SignInProblem.PASSWORD_MISSING,
    SignInProblem.WRONG,
    SignInProblem.WAIT,
    SecondStepProblem.CODE_WRONG,
    SecondStepProblem.EXPIRED,
    InviteProblem.EXPIRED,
    InviteProblem.STAFF_PASSWORD,
    PasswordProblem.TOO_SHORT,
    PasswordProblem.TOO_LONG,
    PasswordProblem.TOO_COMMON,
    PasswordProblem.HAS_EMAIL,
)
PENDING_SECONDS = 300


def _clinic_at(db: Any, host: str) -> uuid.UUID | None:
    site = site_for_host(db, host, get_settings().default_clinic_slug)
    return site.clinic_id if site else None


def _deliver_link(email: str, host: str) -> None:
    settings = get_settings()
    with session_scope() as db:
        send_sign_in_link(
            db,
            email,
            clinic_id=_clinic_at(db, host),
            now=datetime.now(UTC),
            public_origin=settings.public_origin,
            deliver=mail.deliverer(smtp_url=settings.smtp_url, outbox=settings.data_dir / "outbox"),
        )


def _check_password(
    email: str, password: str, client_address: str, cookies: str, host: str
) -> tuple[str, str, str]:
    """(problem, user id, second-factor step) after a password try."""
    with session_scope() as db:
        result = check_password(
            db,
            email,
            password,
            clinic_id=_clinic_at(db, host),
            client_address=client_address,
            now=datetime.now(UTC),
            device_cookie=cookie_from_header(cookies, DEVICE_COOKIE),
            secret=str(get_settings().secret_key),
        )
    if result.wait_seconds:
        return SignInProblem.WAIT, "", ""
    if result.use_sso:
        return SignInProblem.USE_SSO, "", ""
    if result.user_id is None:
        return SignInProblem.WRONG, "", ""
    return "", str(result.user_id), result.second_factor


def _accept_invitation(token: str, password: str | None, host: str) -> tuple[str, str, str]:
    """(problem, user id, second-factor step) after using an invitation."""
    with session_scope() as db:
        try:
            user = invitations.accept(
                db, token, password, clinic_id=_clinic_at(db, host), now=datetime.now(UTC)
            )
        except invitations.InvitationProblem as problem:
            return problem.key, "", ""
        step = "enrol" if second_factor.needs_second_factor(user) else ""
        return "", str(user.id), step


def _handoff(user_id: str) -> str:
    with session_scope() as db:
        return issue_token(db, uuid.UUID(user_id), HANDOFF, now=datetime.now(UTC))


def _enrolment(user_id: str) -> tuple[str, str]:
    """A new secret for the person to add to their app, and its QR code."""
    with session_scope() as db:
        user = own_account(db, uuid.UUID(user_id))
        email = user.email if user else ""
    secret = second_factor.new_secret()
    return secret, second_factor.qr_code_data_uri(secret, email)


def _check_code(user_id: str, code: str, enrol_secret: str, client_address: str) -> Any:
    box = second_factor.secret_box(str(get_settings().secret_key))
    with session_scope() as db:
        return check_second_factor(
            db,
            uuid.UUID(user_id),
            code,
            enrol_secret=enrol_secret,
            client_address=client_address,
            now=datetime.now(UTC),
            box=box,
        )


def _to_link_page(handoff: str) -> EventSpec:
    # A one-minute, single-use token in the fragment (never sent to a server): the link
    # page's steady.js trades it for the session cookie straight away.
    return rx.redirect(f"/sign-in/link#h={handoff}", replace=True)


class SignInState(rx.State):
    link_sent: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")  # one of PROBLEMS, shown in the reader's language
    step: rx.Field[str] = rx.field("start")  # start, enrol, code or recovery_codes
    enrol_qr: rx.Field[str] = rx.field(
        ""
    )  # the person's own new secret, shown only while they set it up
    enrol_key: rx.Field[str] = rx.field("")
    recovery_codes: rx.Field[list[str]] = rx.field(default_factory=list)
    _pending_user: str = ""
    _pending_until: float = 0.0
    _enrol_secret: str = ""

    def _reset_steps(self) -> None:
        self.step, self.enrol_qr, self.enrol_key, self.recovery_codes = "start", "", "", []
        self._pending_user, self._pending_until, self._enrol_secret = "", 0.0, ""

    @rx.event
    @public_event
    async def send_email_link(self, form_data: dict[str, Any]) -> None:
        email = str(form_data.get("link_email", "")).strip()
        self.problem, self.link_sent = "", False
        if not EMAIL_SHAPE.match(email):
            self.problem = SignInProblem.EMAIL_INVALID
            return
        await asyncio.to_thread(_deliver_link, email, self.router.headers.host)
        self.link_sent = True

    @rx.event
    @public_event
    async def sign_in_with_password(self, form_data: dict[str, Any]) -> EventSpec | None:
        email = str(form_data.get("password_email", "")).strip()
        password = str(form_data.get("password", ""))
        self.problem, self.link_sent = "", False
        if not EMAIL_SHAPE.match(email):
            self.problem = SignInProblem.EMAIL_INVALID
            return None
        if not password:
            self.problem = SignInProblem.PASSWORD_MISSING
            return None
        problem, user_id, step = await asyncio.to_thread(
            _check_password,
            email,
            password,
            self.router.session.client_ip,
            self.router.headers.cookie,
            self.router.headers.host,
        )
        if problem:
            self.problem = problem
            return None
        return await self._continue(user_id, step)

    @rx.event
    @public_event
    async def accept_invitation(self, form_data: dict[str, Any]) -> EventSpec | None:
        """The welcome page: a new password (or none: email links only), then in."""
        token = str(form_data.get("invitation", ""))[:100]
        wants_password = "new_password" in form_data
        password = str(form_data.get("new_password", "")) if wants_password else None
        self.problem = ""
        problem, user_id, step = await asyncio.to_thread(
            _accept_invitation, token, password, self.router.headers.host
        )
        if problem:
            self.problem = problem
            return None
        return await self._continue(user_id, step)

    async def _continue(self, user_id: str, step: str) -> EventSpec | None:
        """After the first check: straight in, or on to the second-factor step."""
        if not step:
            return _to_link_page(await asyncio.to_thread(_handoff, user_id))
        self._pending_user, self._pending_until = user_id, time.time() + PENDING_SECONDS
        self.step = step
        if step == "enrol":
            self._enrol_secret, self.enrol_qr = await asyncio.to_thread(_enrolment, user_id)
            self.enrol_key = second_factor.grouped(self._enrol_secret)
        return None

    @rx.event
    @public_event
    async def submit_code(self, form_data: dict[str, Any]) -> EventSpec | None:
        code = str(form_data.get("code", "")).strip()[:40]
        self.problem = ""
        if not self._pending_user or time.time() > self._pending_until:
            self._reset_steps()
            self.problem = SecondStepProblem.EXPIRED
            return None
        result = await asyncio.to_thread(
            _check_code,
            self._pending_user,
            code,
            self._enrol_secret if self.step == "enrol" else "",
            self.router.session.client_ip,
        )
        if result.wait_seconds:
            self.problem = SignInProblem.WAIT
        elif not result.ok:
            self.problem = SecondStepProblem.CODE_WRONG
        elif result.recovery_codes:
            self.step, self.recovery_codes = "recovery_codes", list(result.recovery_codes)
            self.enrol_qr, self.enrol_key, self._enrol_secret = "", "", ""
            # Writing codes down takes time: a fresh five minutes for it.
            self._pending_until = time.time() + PENDING_SECONDS
        else:
            return await self._finish()
        return None

    @rx.event
    @public_event
    async def finish_enrolment(self) -> EventSpec | None:
        if self.step != "recovery_codes" or time.time() > self._pending_until:
            self._reset_steps()
            self.problem = SecondStepProblem.EXPIRED
            return None
        return await self._finish()

    async def _finish(self) -> EventSpec:
        user_id = self._pending_user
        self._reset_steps()
        return _to_link_page(await asyncio.to_thread(_handoff, user_id))

    @rx.event
    @public_event
    def start_over(self) -> None:
        self._reset_steps()
        self.problem = ""
