"""The treatment plan page: the patient reads their plan and comments; the care team writes
new versions and progress notes for the patient chosen on their panel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.plans.care_plan import MAX_GOALS, add_plan_note, plan_of, save_plan
from portal_app.services.problems import PlanProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.patient_page import ChosenPatientPage
from portal_app.state.session import acting

EDIT_SLOTS = 5

# What this page can say went wrong (services/problems.py).
PROBLEMS = tuple(PlanProblem)


@dataclass
class GoalRow:
    goal: str
    steps: list[str] = field(default_factory=list)


class CarePlanState(ChosenPatientPage, rx.State):
    GONE: ClassVar[str] = PlanProblem.GONE

    is_clinician: rx.Field[bool] = rx.field(False)
    version: rx.Field[int] = rx.field(0)
    goals: rx.Field[list[GoalRow]] = rx.field(default_factory=list)
    written: rx.Field[str] = rx.field("")  # who wrote this version, and when
    earlier: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    notes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    editing: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # the form's goal slots, filled with the current plan

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        target = uuid.UUID(self.patient_id) if self.is_clinician else None
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            plan = plan_of(db, me, target, now=now)
        self.version = plan.version
        self.goals = [GoalRow(g["goal"], list(g["steps"])) for g in plan.goals]
        self.written = (
            f"{plan.written_by} · {local_text(plan.written_at, zone)}" if plan.version else ""
        )
        self.earlier = [
            {
                "version": str(v),
                "when": local_text(at, zone),
                "goals": " · ".join(g["goal"] for g in goals),
            }
            for v, at, goals in plan.earlier
        ]
        self.notes = [
            {
                "kind": n.kind,
                "author": n.author,
                "body": n.body,
                "when": local_text(n.created_at, zone),
            }
            for n in plan.notes
        ]
        slots = [{"goal": g.goal, "steps": "\n".join(g.steps)} for g in self.goals][:MAX_GOALS]
        slots += [{"goal": "", "steps": ""}] * max(0, EDIT_SLOTS - len(slots))
        self.editing = [
            {"index": str(i), "number": str(i + 1), **slot} for i, slot in enumerate(slots)
        ]
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN)
    def load_plan(self) -> None:
        me = acting()
        self.is_clinician, self.problem, self.notice = me.role is Role.CLINICIAN, "", ""
        self._open_on_patient(me)

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def save(self, form_data: dict[str, Any]) -> None:
        raw = [
            (str(form_data.get(f"goal_{i}", "")), str(form_data.get(f"steps_{i}", "")))
            for i in range(len(self.editing))
        ]
        self._change(
            lambda db, me, now: save_plan(db, me, uuid.UUID(self.patient_id), raw, now=now),
            "plan.saved",
        )

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN)
    def add_note(self, form_data: dict[str, Any]) -> None:
        body = str(form_data.get("note", ""))
        target = self.patient_id if self.is_clinician else ""

        def change(db: Session, me: Actor, now: datetime) -> str:
            return add_plan_note(db, me, uuid.UUID(target) if target else None, body, now=now)

        self._change(change, "plan.note_saved")
