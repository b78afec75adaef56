"""The account page's own details: name, password and the optional second step.

Password checks and hashing run in a worker thread. The new authenticator secret stays in a
backend-only var (never sent to the browser except as the QR code the person scans).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.identity import account, second_factor
from portal_app.services.identity.account import own_account
from portal_app.services.problems import (
    PasswordProblem,
    ProfileProblem,
    SecondStepProblem,
    SignInProblem,
)
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting, signed_in_person

PROBLEMS = (
    ProfileProblem.NAME_MISSING,
    PasswordProblem.CURRENT_WRONG,
    PasswordProblem.TOO_SHORT,
    PasswordProblem.TOO_LONG,
    PasswordProblem.TOO_COMMON,
    PasswordProblem.HAS_EMAIL,
    SignInProblem.WAIT,
    SecondStepProblem.CODE_WRONG,
    SecondStepProblem.STAFF_REQUIRED,
)
DONE = ("profile.saved", "password.changed", "second.turned_on", "second.turned_off")


def _box() -> Any:
    return second_factor.secret_box(str(get_settings().secret_key))


class AccountSecurityState(rx.State):
    name: rx.Field[str] = rx.field("")
    email: rx.Field[str] = rx.field("")
    is_staff: rx.Field[bool] = rx.field(False)
    has_password: rx.Field[bool] = rx.field(False)
    second_step_on: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")  # one of PROBLEMS
    done: rx.Field[str] = rx.field("")  # one of DONE
    where: rx.Field[str] = rx.field(
        ""
    )  # the card the message belongs to: profile, password or second
    setup_qr: rx.Field[str] = rx.field("")  # shown only while the person adds the second step
    setup_key: rx.Field[str] = rx.field("")
    new_codes: rx.Field[list[str]] = rx.field(default_factory=list)
    form_key: rx.Field[int] = rx.field(
        0
    )  # a new key empties the password and code fields after success
    _setup_secret: str = ""

    def _load(self) -> None:
        with session_scope() as db:
            user = own_account(db, acting().user_id)
            if user is None:
                return
            self.name, self.email = user.display_name, user.email
            self.is_staff = user.role in (Role.CLINICIAN, Role.CLINIC_ADMIN)
            self.has_password = user.password_hash is not None
            self.second_step_on = user.totp_enabled_at is not None

    def _finish(self, where: str, problem: str, done: str) -> None:
        self.where, self.problem, self.done = where, problem, "" if problem else done
        if not problem:
            self.form_key += 1
        self._load()

    @rx.event
    @signed_in_event()
    def load_security(self) -> None:
        self.problem, self.done = "", ""
        self.setup_qr = self.setup_key = self._setup_secret = ""
        self.new_codes = []
        self._load()

    @rx.event
    @signed_in_event()
    def save_name(self, form_data: dict[str, Any]) -> None:
        me = acting()
        with session_scope() as db:
            user = own_account(db, me.user_id)
            problem = (
                account.rename(
                    db,
                    user,
                    str(form_data.get("display_name", ""))[:200],
                    now=datetime.now(UTC),
                    client_address=me.client_address,
                )
                if user
                else ProfileProblem.NAME_MISSING
            )
        self._finish("profile", problem, "profile.saved")

    @rx.event
    @signed_in_event()
    async def change_password(self, form_data: dict[str, Any]) -> None:
        me, current = acting(), signed_in_person(self)

        def work() -> str:
            with session_scope() as db:
                user = own_account(db, me.user_id)
                if user is None:
                    return PasswordProblem.CURRENT_WRONG
                return account.change_password(
                    db,
                    user,
                    str(form_data.get("current_password", "")),
                    str(form_data.get("new_password", "")),
                    now=datetime.now(UTC),
                    client_address=me.client_address,
                    keep_session=current.session_id if current else None,
                )

        self._finish("password", await asyncio.to_thread(work), "password.changed")

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def start_second_step(self) -> None:
        self.problem, self.done = "", ""
        self._setup_secret = second_factor.new_secret()
        self.setup_qr = second_factor.qr_code_data_uri(self._setup_secret, self.email)
        self.setup_key = second_factor.grouped(self._setup_secret)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def confirm_second_step(self, form_data: dict[str, Any]) -> None:
        if not self._setup_secret:
            return
        me = acting()
        with session_scope() as db:
            user = own_account(db, me.user_id)
            codes = (
                account.turn_on_second_step(
                    db,
                    user,
                    self._setup_secret,
                    str(form_data.get("code", "")).strip()[:40],
                    now=datetime.now(UTC),
                    box=_box(),
                    client_address=me.client_address,
                )
                if user
                else None
            )
        if codes is None:
            self.where, self.problem, self.done = "second", SecondStepProblem.CODE_WRONG, ""
            return
        self.setup_qr = self.setup_key = self._setup_secret = ""
        self.new_codes = codes
        self._finish("second", "", "second.turned_on")

    @rx.event
    @signed_in_event()
    def cancel_second_step(self) -> None:
        self.setup_qr = self.setup_key = self._setup_secret = ""
        self.new_codes = []

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def turn_off_second_step(self, form_data: dict[str, Any]) -> None:
        me = acting()
        with session_scope() as db:
            user = own_account(db, me.user_id)
            problem = (
                account.turn_off_second_step(
                    db,
                    user,
                    str(form_data.get("code", "")).strip()[:40],
                    now=datetime.now(UTC),
                    box=_box(),
                    client_address=me.client_address,
                )
                if user
                else SecondStepProblem.CODE_WRONG
            )
        self._finish("second", problem, "second.turned_off")
