"""The care team's tools in the shared inbox: filter, write to a patient, hand a thread to a
colleague, take it, mark it done, and saved texts. Clinicians only, each handler says so."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.care_team.care_team_inbox import (
    SHOWS,
    delete_reply_text,
    hand_to,
    mark_done,
    save_reply_text,
)
from portal_app.services.measures.trends import name_if_mine
from portal_app.services.problems import InboxProblem
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.messages_view import MessagesView
from portal_app.state.outbound import deliver_mail
from portal_app.state.session import acting


def _telling() -> dict[str, Any]:
    """How a colleague hears of a hand-off or a note: by email, with a link to the portal."""
    return {"tell": deliver_mail(), "origin": get_settings().public_origin}


class CareTeamTools(MessagesView, mixin=True):
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
    @signed_in_event(Role.CLINICIAN)
    def filter_inbox(self, show: str) -> None:
        self.show = show if show in SHOWS else "waiting"
        self._safely(self._refresh)

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
                return InboxProblem.CHOOSE_COLLEAGUE
            return hand_to(db, me, self._open_thread(), uuid.UUID(to), note, now=now, **_telling())

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
            return mark_done(db, me, self._open_thread(), note, now=now, **_telling())

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
