"""The treatment plan: the clinician writes it with the patient, in the patient's own words.

Saving makes a new version; earlier ones stay readable. The clinician adds progress notes and
the patient adds comments; both read both. Reads and changes go through the access gate
(category RECORDS), so a plan is only ever the patient's and their care team's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from portal_app.models import CarePlanNote, CarePlanVersion, Role, User
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    load_patient_for,
    patient_in_view,
    require_clinician,
)
from portal_app.services.plans.plan_versions import next_version, versions_of
from portal_app.services.problems import PlanProblem

MAX_GOALS, MAX_STEPS, TEXT_MAX = 8, 10, 300


@dataclass(frozen=True)
class PlanNote:
    kind: str
    author: str
    body: str
    created_at: datetime


@dataclass
class Plan:
    version: int = 0
    goals: list[dict[str, Any]] = field(default_factory=list)
    written_by: str = ""
    written_at: datetime | None = None
    earlier: list[tuple[int, datetime, list[dict[str, Any]]]] = field(default_factory=list)
    notes: list[PlanNote] = field(default_factory=list)


def clean_goals(raw: list[tuple[str, str]]) -> list[dict[str, Any]] | str:
    """(goal, steps one per line) pairs to stored goals, or a catalog key saying what to fix."""
    goals = []
    for goal, steps in raw:
        goal = " ".join(goal.split())
        lines = [" ".join(s.split()) for s in steps.splitlines() if s.strip()]
        if not goal and not lines:
            continue
        if not goal:
            return PlanProblem.GOAL_MISSING
        if len(goal) > TEXT_MAX or any(len(s) > TEXT_MAX for s in lines) or len(lines) > MAX_STEPS:
            return PlanProblem.TOO_LONG
        goals.append({"goal": goal, "steps": lines})
    if not goals:
        return PlanProblem.EMPTY
    return goals[:MAX_GOALS]


def save_plan(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    raw_goals: list[tuple[str, str]],
    *,
    now: datetime,
) -> str:
    """A new version of the plan (clinicians); "" when saved, else a catalog key."""
    require_clinician(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    goals = clean_goals(raw_goals)
    if isinstance(goals, str):
        return goals
    db.add(
        CarePlanVersion(
            patient_id=patient_id,
            version=next_version(db, CarePlanVersion, patient_id),
            goals=goals,
            written_by=actor.user_id,
        )
    )
    db.flush()
    return ""


def plan_of(db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime) -> Plan:
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now)
    versions = versions_of(db, CarePlanVersion, patient_id)
    notes = db.exec(
        select(CarePlanNote, User.display_name)
        .join(User, col(User.id) == CarePlanNote.author_id)
        .where(CarePlanNote.patient_id == patient_id)
        .order_by(col(CarePlanNote.created_at).desc())
        .limit(100)
    ).all()
    plan = Plan(notes=[PlanNote(n.kind, name, n.body, n.created_at) for n, name in notes])
    if versions:
        current, name = versions[0]
        plan.version, plan.goals, plan.written_by = current.version, current.goals, name
        plan.written_at = current.created_at
        plan.earlier = [(v.version, v.created_at, v.goals) for v, _ in versions[1:]]
    return plan


def add_plan_note(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, body: str, *, now: datetime
) -> str:
    """A progress note (clinician) or a comment (patient) on the current plan."""
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    body = body.strip()
    if not body:
        return PlanProblem.NOTE_MISSING
    if len(body) > 2000:
        return PlanProblem.TOO_LONG
    version = db.exec(
        select(func.max(CarePlanVersion.version)).where(CarePlanVersion.patient_id == patient_id)
    ).one()
    if version is None:
        return PlanProblem.NO_PLAN
    kind = "progress" if actor.role is Role.CLINICIAN else "comment"
    db.add(
        CarePlanNote(
            patient_id=patient_id,
            plan_version=version,
            author_id=actor.user_id,
            kind=kind,
            body=body,
        )
    )
    db.flush()
    return ""
