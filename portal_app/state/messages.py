"""Messages for patients (their threads with the care team) and clinicians (the shared inbox).

Only display-ready rows of what the viewer may see are sent to the browser. Drafts are kept on
the server as the person types; an open page checks every few seconds for news (see `watch`).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.care_team import attachments as files
from portal_app.services.care_team.care_team_inbox import (
    inbox_version,
)
from portal_app.services.care_team.drafts import clear_draft
from portal_app.services.care_team.messaging import (
    check_text,
    reply,
    start_thread,
    thread_version,
    threads_version,
    usual_reply_hours,
)
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.problems import InboxProblem, MessageProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.helping import may
from portal_app.state.live import still_watching
from portal_app.state.messages_team import CareTeamTools
from portal_app.state.session import acting

POLL_SECONDS = 3.0
MAX_FILE_BYTES = files.MAX_BYTES

# What this page can say went wrong (services/problems.py).
PROBLEMS = (*MessageProblem, *InboxProblem)


class MessagesState(CareTeamTools, rx.State):
    """The messages page: loading and switching views, writing and files, live updates."""

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_messages(self) -> None:
        me = acting()
        self.is_clinician, self.problem, self.notice = me.role is Role.CLINICIAN, "", ""
        granted = may(me) if me.role is not Role.CLINICIAN else frozenset()
        self.can_send = self.is_clinician or Permission.MESSAGES_SEND in granted
        if me.role is Role.CAREGIVER and Permission.MESSAGES_SEE not in granted:
            self.allowed, self.threads, self.view = False, [], "list"
            return
        with session_scope() as db:
            hours = usual_reply_hours(db, me.clinic_id)
        self.reply_days = str(max(1, round(hours / 24)))
        if self.view == "new" and self.is_clinician and not self._new_for:
            self.view = "list"
        self.allowed = True
        self._safely(self._refresh)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def open(self, thread_id: str) -> None:
        self.view, self._thread_id, self.problem, self.notice = "thread", thread_id, "", ""
        self._safely(self._refresh)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def write_new(self) -> None:
        self.view, self._new_for, self.problem, self.notice = "new", "", "", ""
        self._safely(self._refresh)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def back_to_list(self) -> None:
        self.view, self._thread_id, self._new_for, self.problem = "list", "", "", ""
        self._safely(self._refresh)

    # -- writing -------------------------------------------------------------------------------

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def keep_subject(self, value: str) -> None:
        """Saves the words as they are typed, so a timeout or reload loses nothing."""
        if self.view != "list":
            self._keep("subject", value)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def keep_body(self, value: str) -> None:
        if self.view != "list":
            self._keep("body", value)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def send(self, form_data: dict[str, Any]) -> None:
        body = str(form_data.get("body", ""))
        subject = str(form_data.get("subject", "")) if self.view == "new" else None
        self.draft_body, self.draft_subject = body[:5000], (subject or "")[:120]
        self.problem = check_text(subject, body)
        if self.problem:
            return
        self._safely(lambda: self._send(subject, body))

    def _send(self, subject: str | None, body: str) -> None:
        me, now = acting(), datetime.now(UTC)
        ids = [uuid.UUID(f["id"]) for f in self.pending]
        with session_scope() as db:
            place = self._place()
            if subject is None:
                reply(db, me, uuid.UUID(self._thread_id), body, now=now, attachment_ids=ids)
            else:
                patient = None if me.role is not Role.CLINICIAN else uuid.UUID(self._new_for)
                thread = start_thread(db, me, patient, subject, body, now=now, attachment_ids=ids)
                self._thread_id, self._new_for = str(thread.id), ""
            clear_draft(db, me.user_id, place)
        self._just_sent = {"subject": subject or "", "body": body}
        self.view, self.notice, self._compose_place = "thread", "messages.sent", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    async def attach(self, files_sent: list[rx.UploadFile]) -> None:
        """A photo or PDF for the message being written (checked by its bytes, max 10 MB)."""
        self.problem, self.notice = "", ""
        for upload in files_sent[:1]:
            data = await upload.read(files.MAX_BYTES + 1)
            self._safely(partial(self._keep_file, upload.name or "", data))

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def file_refused(self, rejected: list[dict[str, Any]]) -> None:
        """The browser already refused the file (wrong type or too big): say which, kindly."""
        codes = {str(e.get("code", "")) for r in rejected for e in r.get("errors", []) or []}
        self.problem = (
            MessageProblem.FILE_TOO_BIG if "file-too-large" in codes else MessageProblem.FILE_TYPE
        )

    def _keep_file(self, name: str, data: bytes) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            kept = files.store(
                db,
                me,
                self._patient_of_view(db, me),
                name,
                data,
                now=now,
            )
        self.problem = kept if isinstance(kept, str) else ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def remove_file(self, attachment_id: str) -> None:
        def work() -> None:
            with session_scope() as db:
                files.remove_pending(db, acting(), uuid.UUID(attachment_id))
            self._refresh()

        self._safely(work)

    # -- live updates --------------------------------------------------------------------------

    def _changed(self) -> bool:
        me = acting()
        with session_scope() as db:
            if self.view == "thread":
                version = thread_version(db, me, uuid.UUID(self._thread_id))
                return version is None or version != self._seen
            if self.view == "list" and me.role is Role.CLINICIAN:
                return inbox_version(db, me) != self._seen
            if self.view == "list":
                return threads_version(db, me) != self._seen
        return False

    @rx.event(background=True)
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    async def watch(self) -> None:
        """While this page is open: show new messages and changes without a reload."""
        async with self:
            self._watch += 1
            mine = self._watch
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self._watch != mine or not still_watching(self, "/messages"):
                    return
                try:
                    if self._changed():
                        self._safely(self._refresh)
                except (ValueError, NotFound):
                    self._lose_access()
                    return
                if not self.allowed:
                    return
