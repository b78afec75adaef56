"""The safety plan page: the patient reads and changes their plan; the care team does the same
for the patient chosen on their panel (opening it tells the plan the team has seen it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.measures.trends import name_if_mine
from portal_app.services.plans.safety_plan import STEPS, plan_as_text, plan_of, save_plan
from portal_app.services.problems import SafetyPlanProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

# The steps in reading order, for the page (pages do not import services).
STEP_ORDER = STEPS
PROBLEMS = tuple(SafetyPlanProblem)


class SafetyPlanState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    is_clinician: rx.Field[bool] = rx.field(False)
    can_edit: rx.Field[bool] = rx.field(False)
    patient_id: rx.Field[str] = rx.field("")
    patient_name: rx.Field[str] = rx.field("")
    version: rx.Field[int] = rx.field(0)
    steps: dict[str, list[dict[str, str]]] = {}
    written: rx.Field[str] = rx.field("")
    earlier: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    editing: dict[str, str] = {}
    form_key: rx.Field[int] = rx.field(0)
    problem: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        target = uuid.UUID(self.patient_id) if self.is_clinician else None
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            plan = plan_of(db, me, target, now=now)
        self.version, self.steps = plan.version, plan.steps or {s: [] for s in STEPS}
        self.written = (
            f"{plan.written_by} · {local_text(plan.written_at, zone)}" if plan.written_at else ""
        )
        self.earlier = [
            {"version": str(v), "when": local_text(at, zone), "by": by}
            for v, at, by in plan.earlier
        ]
        self.editing = plan_as_text(plan)
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_plan(self) -> None:
        me = acting()
        self.is_clinician, self.problem, self.notice = me.role is Role.CLINICIAN, "", ""
        self.can_edit = me.role in (Role.PATIENT, Role.CLINICIAN)
        if self.is_clinician:
            with session_scope() as db:
                name = name_if_mine(db, me, self.patient_id)
            if name is None:
                self.allowed, self.patient_id = False, ""
                return
            self.patient_name = name
        try:
            self._load()
            self.allowed = True
        except NotFound:
            self.allowed, self.steps = False, {}

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN)
    def save(self, form_data: dict[str, Any]) -> EventSpec | None:
        raw = {step: str(form_data.get(step, "")) for step in STEPS}
        try:
            target = uuid.UUID(self.patient_id) if self.is_clinician else None
            with session_scope() as db:
                self.problem = save_plan(db, acting(), target, raw, now=datetime.now(UTC))
        except (ValueError, NotFound):
            self.problem = SafetyPlanProblem.GONE
        self.notice = "" if self.problem else "safety.saved"
        if self.problem:
            return None
        self._load()  # the page's saved-plan marker then tells steady.js to refresh the
        return None  # copy kept on this device (a script call would need eval, which CSP forbids)
