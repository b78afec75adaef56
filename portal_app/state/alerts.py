"""The clinician's risk alerts: who may be in danger, and closing each one with a note."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.care_team.risk_alerts import acknowledge, alerts_version, open_alerts_for
from portal_app.services.common.local_time import zone_of
from portal_app.services.groups.safety import acknowledge_safety, holds_for, holds_version
from portal_app.services.measures.assignments import overdue_for_clinician
from portal_app.services.problems import AlertProblem
from portal_app.state.alert_rows import alert_row, answer_rows, hold_row
from portal_app.state.guard import signed_in_event
from portal_app.state.live import keep_fresh
from portal_app.state.session import acting

PROBLEMS = tuple(AlertProblem)
HOLD_PROBLEMS = ("alerts.note_missing", "alerts.hold_gone")


class AlertsState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    alerts: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # see state/alert_rows.py
    answers: dict[str, list[dict[str, str]]] = {}  # by alert id
    problem: rx.Field[str] = rx.field("")
    problem_for: rx.Field[str] = rx.field("")  # the alert the problem is about
    done: rx.Field[bool] = rx.field(False)
    overdue: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # patient, instrument, due
    # Support-group posts held for safety (see state/alert_rows.py), closed like alerts.
    holds: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    hold_problem: rx.Field[str] = rx.field("")
    hold_for: rx.Field[str] = rx.field("")  # the hold the problem is about
    hold_done: rx.Field[bool] = rx.field(False)
    _watch: int = 0

    def _refresh(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            found = open_alerts_for(db, me, now=now)
            late = overdue_for_clinician(db, me, now=now)
            held = holds_for(db, me)
        self.alerts = [alert_row(a, zone) for a in found]
        self.holds = [hold_row(h, zone) for h in held]
        self.answers = answer_rows(found)
        self.overdue = [
            {"patient": d.patient_name, "instrument": d.instrument, "due": d.due_on.isoformat()}
            for d in late
        ]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def load_alerts(self) -> None:
        self.problem, self.problem_for, self.done = "", "", False
        self.hold_problem, self.hold_for, self.hold_done = "", "", False
        self._refresh()

    @rx.event(background=True)
    @signed_in_event(Role.CLINICIAN)
    async def watch(self) -> None:
        """An open alerts page shows a new, changed, escalated or closed alert (or safety hold)
        within seconds."""

        def version() -> object:
            with session_scope() as db:
                me = acting()
                return (alerts_version(db, me), holds_version(db, me))

        await keep_fresh(self, "/alerts", version, self._refresh)

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def acknowledge(self, form_data: dict[str, Any]) -> None:
        alert_id = str(form_data.get("alert_id", ""))
        self.problem, self.problem_for, self.done = "", alert_id, False
        try:
            with session_scope() as db:
                self.problem = acknowledge(
                    db,
                    acting(),
                    uuid.UUID(alert_id),
                    str(form_data.get("note", "")),
                    now=datetime.now(UTC),
                )
        except (ValueError, NotFound):
            self.problem = AlertProblem.GONE
        self.done = not self.problem
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def acknowledge_hold(self, form_data: dict[str, Any]) -> None:
        """Close a group post held for safety with a note (the facilitator, or on call)."""
        hold_id = str(form_data.get("alert", ""))
        self.hold_problem, self.hold_for, self.hold_done = "", hold_id, False
        try:
            with session_scope() as db:
                problem = acknowledge_safety(
                    db,
                    acting(),
                    uuid.UUID(hold_id),
                    str(form_data.get("note", "")),
                    now=datetime.now(UTC),
                )
            self.hold_problem = "alerts.note_missing" if problem else ""
        except (ValueError, NotFound):
            self.hold_problem = "alerts.hold_gone"
        self.hold_done = not self.hold_problem
        self._refresh()
