"""Clinic admins: the staff list, turning an account off (sessions end at once) or on."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.identity.staff import set_active, staff_of
from portal_app.services.problems import StaffProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

PROBLEMS = tuple(StaffProblem)


class AdminStaffState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    # id, name, email, role ("clinician"/"clinic_admin"), active ("yes"/""), joined ("yes"/""),
    # source ("sso": through the clinic's provider, or "password")
    staff: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    confirming: rx.Field[str] = rx.field("")  # the id whose turning off waits for "Yes"
    problem: rx.Field[str] = rx.field("")
    problem_for: rx.Field[str] = rx.field("")  # the row the problem is shown in (in view)
    done_for: rx.Field[str] = rx.field("")  # the name just turned off or on
    done_key: rx.Field[str] = rx.field("")  # which of the two

    def _refresh(self) -> None:
        with session_scope() as db:
            people = staff_of(db, acting())
        self.staff = [
            {
                "id": str(p.user_id),
                "name": p.name,
                "email": p.email,
                "role": p.role.value,
                "active": "yes" if p.active else "",
                "joined": "yes" if p.joined else "",
                "source": "sso" if p.by_sso else "password",
            }
            for p in people
        ]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_staff(self) -> None:
        self.problem, self.problem_for, self.done_for, self.confirming = "", "", "", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def ask_turn_off(self, user_id: str) -> None:
        self.problem, self.problem_for, self.done_for = "", "", ""
        self.confirming = user_id if any(p["id"] == user_id for p in self.staff) else ""

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def keep_on(self) -> None:
        self.confirming = ""

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def turn_off(self, user_id: str) -> None:
        self._change(user_id, active=False)

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def turn_on(self, user_id: str) -> None:
        self._change(user_id, active=True)

    def _change(self, user_id: str, *, active: bool) -> None:
        self.confirming, self.done_for, self.problem_for = "", "", user_id
        try:
            with session_scope() as db:
                self.problem = set_active(
                    db, acting(), uuid.UUID(user_id), active, now=datetime.now(UTC)
                )
        except (ValueError, NotFound):
            self.problem = ""
            return
        if not self.problem:
            self.done_for = next((p["name"] for p in self.staff if p["id"] == user_id), "")
            self.done_key = "staff.turned_on" if active else "staff.turned_off"
        self._refresh()
