"""A clinic admin sets who is on call for risk alerts and how visits are booked."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.clinic.clinic_settings import (
    CANCEL_HOURS,
    ESCALATION_MINUTES,
    CareSettings,
    clinicians_of,
    save_settings,
    settings_of,
)
from portal_app.services.problems import ClinicSettingsProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["CANCEL_HOURS", "ESCALATION_MINUTES", "PROBLEMS", "ClinicSettingsState"]
PROBLEMS = tuple(ClinicSettingsProblem)


def _number(form_data: dict[str, Any], name: str) -> int:
    try:
        return int(str(form_data.get(name, "")))
    except ValueError:
        return -1


def _hour(form_data: dict[str, Any], name: str) -> int:
    """A whole hour from a time field ("08:00" -> 8; "24:00" cannot be typed, so 23:59 -> 24);
    anything else is -1 (reported as a problem)."""
    text = str(form_data.get(name, ""))[:8]
    if text == "23:59":
        return 24
    hours, _, minutes = text.partition(":")
    return int(hours) if hours.isdigit() and minutes in ("00", "00:00") else -1


def _hour_text(hour: int) -> str:
    return "23:59" if hour >= 24 else f"{hour:02d}:00"


class ClinicSettingsState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    clinicians: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # id, name
    chosen: dict[str, str] = {}  # the saved values, as the form shows them
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[bool] = rx.field(False)
    form_key: rx.Field[int] = rx.field(0)  # a new form (showing the saved values) after each save

    def _load(self) -> None:
        me = acting()
        with session_scope() as db:
            now = settings_of(db, me)
            self.clinicians = [
                {"id": str(i), "name": n} for i, n in clinicians_of(db, me.clinic_id)
            ]
        self.chosen = {
            "on_call": now.on_call_id,
            "after_hours_email": now.after_hours_email,
            "minutes": str(now.escalation_minutes),
            "booking": now.booking_mode,
            "cancel": str(now.cancel_before_hours),
            "opens": _hour_text(now.opens_at_hour),
            "closes": _hour_text(now.closes_at_hour),
            **{f"day{d}": "on" if d in now.open_days else "" for d in range(7)},
            "teen_from": str(now.teen_from_age),
            "adult": str(now.adult_age),
        }
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_settings(self) -> None:
        self.problem, self.saved = "", False
        self._load()
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def save(self, form_data: dict[str, Any]) -> None:
        wanted = CareSettings(
            on_call_id=str(form_data.get("on_call", ""))[:40],
            after_hours_email=str(form_data.get("after_hours_email", ""))[:254],
            escalation_minutes=_number(form_data, "minutes"),
            booking_mode=str(form_data.get("booking", ""))[:8],
            cancel_before_hours=_number(form_data, "cancel"),
            opens_at_hour=_hour(form_data, "opens"),
            closes_at_hour=_hour(form_data, "closes"),
            open_days=tuple(d for d in range(7) if form_data.get(f"day{d}") in ("on", True)),
            teen_from_age=_number(form_data, "teen_from"),
            adult_age=_number(form_data, "adult"),
        )
        with session_scope() as db:
            self.problem = save_settings(db, acting(), wanted, now=datetime.now(UTC))
        self.saved = not self.problem
        if self.saved:  # on a problem the form keeps what was typed
            self._load()
            self.form_key += 1
