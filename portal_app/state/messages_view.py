"""What the messages page shows and how it loads, for patients, caregivers and the care team
(the state itself is state/messages.py; the care team's tools are state/messages_team.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor, NotFound, patient_in_view
from portal_app.services.care_team import attachments as files
from portal_app.services.care_team.care_team_inbox import (
    inbox_for,
    inbox_version,
    saved_replies,
    team_of,
)
from portal_app.services.care_team.drafts import draft_of, keep_draft
from portal_app.services.care_team.messaging import (
    open_thread,
    threads_of_patient,
    threads_version,
)
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.problems import MessageProblem
from portal_app.state.message_rows import (
    MessageRow,
    OpenThread,
    ThreadRow,
    message_rows,
    size_text,
)
from portal_app.state.session import acting

GONE = MessageProblem.GONE


class MessagesView(rx.State, mixin=True):
    allowed: rx.Field[bool] = rx.field(False)
    is_clinician: rx.Field[bool] = rx.field(False)
    can_send: rx.Field[bool] = rx.field(False)  # a caregiver only with "send messages for me"
    view: rx.Field[str] = rx.field("list")  # "list", "thread" or "new"
    show: rx.Field[str] = rx.field("waiting")  # the clinician's inbox filter
    threads: rx.Field[list[ThreadRow]] = rx.field(default_factory=list)
    # A plain annotation: mypy reads a dataclass field as a list (Reflex 0.10's overloads);
    # Reflex still copies the default for every tab.
    thread: OpenThread = OpenThread()
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
            return uuid.UUID(self.thread.patient_id)
        return uuid.UUID(self._new_for)

    def _load_list(self, db: Session, me: Actor, now: datetime) -> None:
        zone = zone_of(db, me.user_id)
        if me.role is Role.CLINICIAN:
            self.threads = [
                ThreadRow(
                    id=str(t.id),
                    subject=t.subject,
                    last=local_text(t.last_message_at, zone),
                    patient=t.patient_name,
                    waiting=t.waiting_since is not None,
                    waiting_since=local_text(t.waiting_since, zone),
                    handler=t.handler_name,
                    done=t.done,
                )
                for t in inbox_for(db, me, show=self.show, now=now)
            ]
            self._seen = inbox_version(db, me)
        else:
            self.threads = [
                ThreadRow(
                    id=str(t.id),
                    subject=t.subject,
                    last=local_text(t.last_message_at, zone),
                    unread=t.unread,
                    waiting=t.waiting,
                )
                for t in threads_of_patient(db, me, None, now=now)
            ]
            self._seen = threads_version(db, me)

    def _load_thread(self, db: Session, me: Actor, now: datetime) -> None:
        shown = open_thread(db, me, uuid.UUID(self._thread_id), now=now)
        zone = zone_of(db, me.user_id)
        team = {str(i): n for i, n in team_of(db, shown.patient_id)} if self.is_clinician else {}
        self.thread = OpenThread(
            id=str(shown.id),
            patient_id=str(shown.patient_id),
            patient=shown.patient_name,
            subject=shown.subject,
            handler=team.get(str(shown.handled_by), ""),
            handler_id=str(shown.handled_by or ""),
            someone_else=shown.handled_by not in (None, me.user_id),
            done=shown.done,
            waiting=shown.waiting_since is not None,
        )
        self.messages = message_rows(shown, me, zone)
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
            {"id": str(f.id), "name": f.file_name, "size": size_text(f.size)}
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
        self.threads, self.messages, self.notes, self.pending = [], [], [], []
        self.thread = OpenThread()
        self.draft_subject, self.draft_body = "", ""

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
