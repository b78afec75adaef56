"""Messages for patients (their threads with the care team) and clinicians (the shared inbox).

Only display-ready rows of what the viewer may see are sent to the browser. Drafts are kept on
the server as the person types; an open page checks every few seconds for news (see `watch`).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor, NotFound, patient_in_view
from portal_app.services.care_team import attachments as files
from portal_app.services.care_team.care_team_inbox import (
    SHOWS,
    delete_reply_text,
    hand_to,
    inbox_for,
    inbox_version,
    mark_done,
    save_reply_text,
    saved_replies,
    team_of,
)
from portal_app.services.care_team.drafts import clear_draft, draft_of, keep_draft
from portal_app.services.care_team.messaging import (
    ShownThread,
    check_text,
    open_thread,
    reply,
    start_thread,
    thread_version,
    threads_of_patient,
    threads_version,
    usual_reply_hours,
)
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.common.safe_text import pieces
from portal_app.services.measures.trends import name_if_mine
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.helping import may
from portal_app.state.live import still_watching
from portal_app.state.outbound import deliver_mail
from portal_app.state.session import acting

POLL_SECONDS = 3.0
MAX_FILE_BYTES = files.MAX_BYTES
GONE = "messages.gone"


@dataclass
class MessageRow:
    id: str
    mine: bool
    author: str
    sent: str
    read: bool
    pieces: list[dict[str, str]] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)
    for_patient: str = ""  # sent by a caregiver for this patient


def _size_text(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 2**20:.1f} MB"


def _message_rows(shown: ShownThread, me: Actor, zone: Any) -> list[MessageRow]:
    team = me.role is Role.CLINICIAN
    return [
        MessageRow(
            id=str(m.id),
            mine=m.from_patient != team,
            author=m.author,
            sent=local_text(m.sent_at, zone),
            read=m.read_by_team,
            pieces=pieces(m.body),
            files=[
                {"id": str(f.id), "name": f.file_name, "size": _size_text(f.size)}
                for f in m.attachments
            ],
            for_patient=m.for_patient,
        )
        for m in shown.messages
    ]


class MessagesState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    is_clinician: rx.Field[bool] = rx.field(False)
    can_send: rx.Field[bool] = rx.field(False)  # a caregiver only with "send messages for me"
    view: rx.Field[str] = rx.field("list")  # "list", "thread" or "new"
    show: rx.Field[str] = rx.field("waiting")  # the clinician's inbox filter
    threads: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    thread: dict[str, str] = {}
    messages: rx.Field[list[MessageRow]] = rx.field(default_factory=list)
    notes: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # the team's notes on the open thread (clinicians only)
    colleagues: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    saved_texts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    pending: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # files added and not sent yet
    draft_subject: rx.Field[str] = rx.field("")
    draft_body: rx.Field[str] = rx.field("")
    draft_key: rx.Field[int] = rx.field(0)  # changes when the text boxes must show new words
    reply_days: rx.Field[str] = rx.field("2")
    problem: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")
    _thread_id: str = ""
    _new_for: str = ""  # a clinician's new message: which patient
    new_for_name: rx.Field[str] = rx.field("")  # ... and their name, shown on the form
    _seen: int = -1
    _compose_place: str = ""  # where the text boxes were last filled from a draft
    _just_sent: dict[str, str] = {}
    _watch: int = 0

    # -- loading -------------------------------------------------------------------------------

    def _place(self) -> str:
        if self.view == "thread":
            return self._thread_id
        return f"new:{self._new_for}" if self._new_for else "new"

    def _patient_of_view(self, db: Session, me: Actor) -> uuid.UUID:
        if me.role in (Role.PATIENT, Role.CAREGIVER):
            return patient_in_view(db, me, None)
        if self.view == "thread":
            return uuid.UUID(self.thread["patient_id"])
        return uuid.UUID(self._new_for)

    def _load_list(self, db: Session, me: Actor, now: datetime) -> None:
        zone = zone_of(db, me.user_id)
        if me.role is Role.CLINICIAN:
            self.threads = [
                {
                    "id": str(t.id),
                    "patient": t.patient_name,
                    "subject": t.subject,
                    "waiting": local_text(t.waiting_since, zone),
                    "last": local_text(t.last_message_at, zone),
                    "handler": t.handler_name,
                    "done": "yes" if t.done else "",
                }
                for t in inbox_for(db, me, show=self.show, now=now)
            ]
            self._seen = inbox_version(db, me)
        else:
            self.threads = [
                {
                    "id": str(t.id),
                    "subject": t.subject,
                    "last": local_text(t.last_message_at, zone),
                    "unread": str(t.unread) if t.unread else "",
                    "waiting": "yes" if t.waiting else "",
                }
                for t in threads_of_patient(db, me, None, now=now)
            ]
            self._seen = threads_version(db, me)

    def _load_thread(self, db: Session, me: Actor, now: datetime) -> None:
        shown = open_thread(db, me, uuid.UUID(self._thread_id), now=now)
        zone = zone_of(db, me.user_id)
        team = {str(i): n for i, n in team_of(db, shown.patient_id)} if self.is_clinician else {}
        self.thread = {
            "id": str(shown.id),
            "patient_id": str(shown.patient_id),
            "patient": shown.patient_name,
            "subject": shown.subject,
            "handler": team.get(str(shown.handled_by), ""),
            "handler_id": str(shown.handled_by or ""),
            "someone_else": "yes" if shown.handled_by not in (None, me.user_id) else "",
            "done": "yes" if shown.done else "",
            "waiting": "yes" if shown.waiting_since else "",
        }
        self.messages = _message_rows(shown, me, zone)
        self.notes = [
            {"author": n.author, "body": n.body, "when": local_text(n.created_at, zone)}
            for n in shown.notes
        ]
        self.colleagues = [{"id": i, "name": n} for i, n in team.items()]
        self._seen = shown.version

    def _load_compose(self, db: Session, me: Actor) -> None:
        """The draft and waiting files for the place being written in. The text boxes are only
        refilled on arriving at a place, never while someone is typing in them."""
        if self._compose_place != self._place():
            self._compose_place = self._place()
            self.draft_subject, self.draft_body = draft_of(db, me.user_id, self._place())
            self.draft_key += 1
        patient_id = self._patient_of_view(db, me)
        self.pending = [
            {"id": str(f.id), "name": f.file_name, "size": _size_text(f.size)}
            for f in files.pending_of(db, me, patient_id)
        ]
        if me.role is Role.CLINICIAN:
            self.saved_texts = [
                {"id": str(r.id), "title": r.title, "body": r.body} for r in saved_replies(db, me)
            ]

    def _refresh(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            if self.view == "thread":
                self._load_thread(db, me, now)
            elif self.view == "list":
                self._load_list(db, me, now)
            if self.view != "list":
                self._load_compose(db, me)

    def _safely(self, work: Callable[[], None]) -> None:
        """Run `work`; a thread that is gone (or was never theirs) sends them back to the list,
        and a list they may no longer see (a caregiver's access was stopped) empties the page."""
        try:
            work()
        except (ValueError, NotFound):
            self.view, self._thread_id, self.problem = "list", "", GONE
            try:
                self._refresh()
            except NotFound:
                self._lose_access()

    def _lose_access(self) -> None:
        self.allowed, self.can_send, self.problem = False, False, ""
        self.threads, self.thread, self.messages, self.notes, self.pending = [], {}, [], [], []
        self.draft_subject, self.draft_body = "", ""

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_messages(self) -> None:
        me = acting()
        self.is_clinician, self.problem, self.notice = me.role is Role.CLINICIAN, "", ""
        granted = may(me) if me.role is not Role.CLINICIAN else frozenset()
        self.can_send = self.is_clinician or "messages.send" in granted
        if me.role is Role.CAREGIVER and "messages.see" not in granted:
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
    @signed_in_event(Role.CLINICIAN)
    def write_to(self, patient_id: str) -> EventSpec:
        """From a patient's overview: a new message to them."""
        self.view, self._new_for, self.problem, self.notice = "new", patient_id, "", ""
        with session_scope() as db:
            self.new_for_name = name_if_mine(db, acting(), patient_id) or ""
        return rx.redirect("/messages")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def show_thread(self, thread_id: str) -> EventSpec:
        """From a patient's overview: open one of their conversations."""
        self.view, self._thread_id, self.problem, self.notice = "thread", thread_id, "", ""
        return rx.redirect("/messages")

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def back_to_list(self) -> None:
        self.view, self._thread_id, self._new_for, self.problem = "list", "", "", ""
        self._safely(self._refresh)

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def filter_inbox(self, show: str) -> None:
        self.show = show if show in SHOWS else "waiting"
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

    def _keep(self, form_part: str, value: str) -> None:
        if value and value == self._just_sent.get(form_part):
            return  # a save from just before "Send" arriving late: that text is sent already
        if form_part == "subject":
            self.draft_subject = value[:120]
        else:
            self.draft_body = value[:5000]
        me = acting()
        with session_scope() as db:
            keep_draft(
                db,
                me.user_id,
                self._place(),
                self.draft_subject,
                self.draft_body,
                now=datetime.now(UTC),
            )

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
            "messages.file_too_big" if "file-too-large" in codes else "messages.file_type"
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
                data_dir=get_settings().data_dir,
                now=now,
            )
        self.problem = kept if isinstance(kept, str) else ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def remove_file(self, attachment_id: str) -> None:
        def work() -> None:
            with session_scope() as db:
                files.remove_pending(
                    db, acting(), uuid.UUID(attachment_id), data_dir=get_settings().data_dir
                )
            self._refresh()

        self._safely(work)

    # -- the care team's tools -----------------------------------------------------------------

    def _open_thread(self) -> uuid.UUID:
        """The conversation on screen (ValueError if none: the change then reads as gone)."""
        return uuid.UUID(self._thread_id)

    def _team_change(self, change: Callable[[Session, Actor, datetime], str], done: str) -> None:
        def work() -> None:
            with session_scope() as db:
                self.problem = change(db, acting(), datetime.now(UTC))
            self.notice = "" if self.problem else done
            self._refresh()

        self._safely(work)

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def hand_off(self, form_data: dict[str, Any]) -> None:
        to, note = str(form_data.get("to", "")), str(form_data.get("note", ""))

        def change(db: Session, me: Actor, now: datetime) -> str:
            if not to:
                return "inbox.choose_colleague"
            return hand_to(
                db,
                me,
                self._open_thread(),
                uuid.UUID(to),
                note,
                now=now,
                tell=deliver_mail(),
                origin=get_settings().public_origin,
            )

        self._team_change(change, "inbox.handed")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def take(self) -> None:
        self._team_change(
            lambda db, me, now: hand_to(db, me, self._open_thread(), me.user_id, "", now=now),
            "inbox.taken",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def done(self, form_data: dict[str, Any]) -> None:
        note = str(form_data.get("note", ""))

        def change(db: Session, me: Actor, now: datetime) -> str:
            return mark_done(
                db,
                me,
                self._open_thread(),
                note,
                now=now,
                tell=deliver_mail(),
                origin=get_settings().public_origin,
            )

        self._team_change(change, "inbox.marked_done")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def use_saved(self, reply_id: str) -> None:
        chosen = next((r for r in self.saved_texts if r["id"] == reply_id), None)
        if chosen is not None:
            self._keep("body", chosen["body"])
            self.draft_key += 1  # show the saved text in the box

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def save_text(self, form_data: dict[str, Any]) -> None:
        title, body = str(form_data.get("title", "")), str(form_data.get("text", ""))
        self._team_change(lambda db, me, now: save_reply_text(db, me, title, body), "inbox.saved")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def delete_text(self, reply_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            delete_reply_text(db, me, uuid.UUID(reply_id))
            return ""

        self._team_change(change, "")

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
