"""A patient's phone and emergency contact, which their care team uses in a crisis."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.care_team.patient_contact import Contact, contact_of, save_my_contact
from portal_app.services.problems import ContactProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

PROBLEMS = tuple(ContactProblem)
FIELDS = ("phone", "emergency_name", "emergency_relation", "emergency_phone")


class ContactState(rx.State):
    allowed: rx.Field[bool] = rx.field(
        False
    )  # patients only: staff and caregivers do not see this card
    saved_values: dict[str, str] = {}
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[bool] = rx.field(False)
    form_key: rx.Field[int] = rx.field(0)

    def _load(self) -> None:
        with session_scope() as db:
            found = contact_of(db, acting(), None, now=datetime.now(UTC))
        self.saved_values = {name: getattr(found, name) for name in FIELDS}

    @rx.event
    @signed_in_event()
    def load_contact(self) -> None:
        self.problem, self.saved = "", False
        self.allowed = acting().role is Role.PATIENT
        if self.allowed:
            self._load()
            self.form_key += 1

    @rx.event
    @signed_in_event(Role.PATIENT)
    def save(self, form_data: dict[str, Any]) -> None:
        wanted = Contact(**{name: str(form_data.get(name, ""))[:200] for name in FIELDS})
        with session_scope() as db:
            self.problem = save_my_contact(db, acting(), wanted, now=datetime.now(UTC))
        self.saved = not self.problem
        if self.saved:  # on a problem the form keeps what was typed
            self._load()
            self.form_key += 1
