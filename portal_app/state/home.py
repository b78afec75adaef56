"""Home for a signed-in patient: what is due now (questionnaires, reminders)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import reflex as rx
from reflex.event import EventSpec

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.care_team.messaging import unread_for_patient
from portal_app.services.intake.answers import forms_to_fill
from portal_app.services.library.reading import new_for_me
from portal_app.services.measures.assignments import due_for_me
from portal_app.services.medication.push_payloads import OPENS as REMINDER_OPENS
from portal_app.services.medication.reminder_actions import act_on_mine, waiting_for_me
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["REMINDER_OPENS", "HomeState"]

# Doses have their own card on Home, so their reminders are not listed twice.
LISTED_KINDS = ("check_in", "questionnaire", "appointment", "message", "refill", "group")


def _one_row_per_kind(waiting: list[tuple[str, str]], unread: int) -> list[dict[str, str]]:
    """One line per kind of reminder ("You have a new message" once, not once per message);
    "Done" clears them all. A message reminder goes once the messages are read (found: Home
    said "You have a new message" twice while the messages card said "No new messages")."""
    by_kind: dict[str, list[str]] = {}
    for kind, reminder_id in waiting:
        if kind == "message" and unread == 0:
            continue
        by_kind.setdefault(kind, []).append(reminder_id)
    return [{"id": " ".join(ids), "kind": kind} for kind, ids in by_kind.items()]


class HomeState(rx.State):
    due: rx.Field[list[str]] = rx.field(default_factory=list)  # instrument ids due now
    reminders: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id (the kind's reminder ids, space-separated), kind
    unread: rx.Field[int] = rx.field(0)  # care-team messages not opened yet
    new_reading: rx.Field[int] = rx.field(0)  # articles the care team suggested, not opened yet
    intake_waiting: rx.Field[bool] = rx.field(False)  # the clinic's intake form, not filled yet

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            self.due = [d.instrument for d in due_for_me(db, me, now=now)]
            self.unread = unread_for_patient(db, me)
            self.new_reading = new_for_me(db, me, now=now)
            waiting = waiting_for_me(db, me, now=now)
            self.intake_waiting = bool(forms_to_fill(db, me, now=now))
        self.reminders = _one_row_per_kind(
            [(r.kind, str(r.id)) for r in waiting if r.kind in LISTED_KINDS], self.unread
        )

    @rx.event
    @signed_in_event()
    def load_home(self) -> EventSpec | None:
        """A patient's day; a clinician's home is their panel of patients."""
        me = acting()
        if me.role is Role.CLINICIAN:
            return rx.redirect("/panel", replace=True)
        if me.role is Role.PATIENT:
            self._load()
        return None

    @rx.event
    @signed_in_event(Role.PATIENT)
    def dismiss(self, reminder_ids: str) -> None:
        for reminder_id in str(reminder_ids).split()[:50]:
            try:
                with session_scope() as db:
                    act_on_mine(db, acting(), uuid.UUID(reminder_id), "open", now=datetime.now(UTC))
            except (ValueError, NotFound):
                pass
        self._load()
