"""The patient's reminder choices (the devices that get them: state/devices.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.medication.reminder_settings import (
    CHOICES,
    CLOCKS,
    SettingsForm,
    my_settings,
    save_my_settings,
)
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["CHOICES", "RemindersState"]


class RemindersState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    choices: dict[str, bool] = {}
    clocks: dict[str, str] = {}
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[bool] = rx.field(False)

    def _load(self) -> None:
        me = acting()
        with session_scope() as db:
            chosen = my_settings(db, me, now=datetime.now(UTC))
        self.choices = {name: bool(getattr(chosen, name)) for name in CHOICES}
        self.clocks = {name: str(getattr(chosen, name)) for name in CLOCKS}

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_reminders(self) -> None:
        self.problem, self.saved = "", False
        self._load()
        self.allowed = True

    @rx.event
    @signed_in_event(Role.PATIENT)
    def save(self, form_data: dict[str, Any]) -> None:
        form = SettingsForm(
            switches={name: bool(form_data.get(name)) for name in CHOICES},
            clocks={name: str(form_data.get(name, "")) for name in CLOCKS},
        )
        with session_scope() as db:
            self.problem = save_my_settings(db, acting(), form, now=datetime.now(UTC))
        self.saved = not self.problem
        if self.saved:
            self._load()
