"""Clinic admins invite many people from a CSV file: a dry run first that names every bad
row, then all of them at once, only when every row is good (services/identity/bulk_invite.py).
The file's contents stay on the server (never sent back to the browser)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.identity.bulk_invite import MAX_BYTES, FileCheck, check_file, invite_file
from portal_app.services.problems import BulkProblem, InviteProblem
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.outbound import deliver_mail
from portal_app.state.session import acting

ROW_PROBLEMS = (*tuple(InviteProblem), BulkProblem.TWICE)
FILE_PROBLEMS = tuple(p for p in BulkProblem if p is not BulkProblem.TWICE)


def _check(actor: Actor, text: str) -> FileCheck:
    with session_scope() as db:
        return check_file(db, actor, text, today=date.today())


def _import(actor: Actor, text: str) -> FileCheck:
    with session_scope() as db:
        return invite_file(
            db,
            actor,
            text,
            now=datetime.now(UTC),
            public_origin=get_settings().public_origin,
            deliver=deliver_mail(),
        )


class BulkInviteState(rx.State):
    file_problem: rx.Field[str] = rx.field("")
    bad_rows: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # line, email, problem
    ready: rx.Field[int] = rx.field(0)  # rows checked and good, when all of them are
    invited: rx.Field[int] = rx.field(0)  # how many the last import invited
    _text: str = ""

    def _show(self, report: FileCheck) -> None:
        self.file_problem = report.problem
        self.bad_rows = [
            {"line": str(r.line), "email": r.email, "problem": r.problem} for r in report.bad_rows
        ]
        self.ready = len(report.rows) if report.ready else 0

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    async def read_file(self, files_sent: list[rx.UploadFile]) -> None:
        """The dry run: nothing is invited until the admin says so."""
        self.invited, self._text = 0, ""
        for upload in files_sent[:1]:
            data = await upload.read(MAX_BYTES + 1)
            try:
                self._text = data.decode("utf-8")
            except UnicodeDecodeError:
                self._show(FileCheck(BulkProblem.NOT_TEXT))
                return
            self._show(await asyncio.to_thread(_check, acting(), self._text))

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def file_refused(self, rejected: list[dict[str, Any]]) -> None:
        codes = {str(e.get("code", "")) for r in rejected for e in r.get("errors", []) or []}
        self._text, self.invited = "", 0
        self._show(
            FileCheck(BulkProblem.TOO_BIG if "file-too-large" in codes else BulkProblem.NOT_TEXT)
        )

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    async def invite_all(self) -> None:
        if not self._text:
            return
        report = await asyncio.to_thread(_import, acting(), self._text)
        self._show(report)
        if report.ready:
            self.invited, self.ready, self._text = len(report.rows), 0, ""
