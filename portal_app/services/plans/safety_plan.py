"""The safety plan, written by the patient with the clinician, in the patient's own words.

Six steps (Stanley-Brown) and reasons for living. People and places come with a phone number
when there is one, so the page can offer one-tap call and text links. Each save is a new
version; a version the patient wrote is "not seen" until the care team opens it.
Reads and changes go through the gate (category SAFETY_PLAN): the patient, their care team, and a
caregiver only if the patient chose to share the plan with them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select, update

from portal_app.models import Role, SafetyPlanVersion
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    patient_in_view,
    require_clinician,
)
from portal_app.services.plans.plan_versions import next_version, versions_of
from portal_app.services.problems import SafetyPlanProblem

STEPS = (
    "warning_signs",
    "coping",
    "distractions",
    "people",
    "professionals",
    "environment",
    "reasons",
)
CONTACT_STEPS = ("distractions", "people", "professionals")
MAX_LINES, LINE_MAX = 12, 200
# A phone number at the end of a line: "Mom 555 010 0123", "Crisis line 988".
PHONE_AT_END = re.compile(r"^(?P<name>.*?)[\s,:-]*(?P<phone>\+?[\d][\d\s().-]{1,18}\d)$")


@dataclass
class Plan:
    version: int = 0
    steps: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    written_by: str = ""
    written_at: datetime | None = None
    by_patient: bool = False
    unseen_by_team: bool = False
    earlier: list[tuple[int, datetime, str]] = field(default_factory=list)


def contact(line: str) -> dict[str, str]:
    """A line as the patient wrote it, with the phone number found at its end (digits only
    in `dial`, for tel: and sms: links)."""
    found = PHONE_AT_END.match(line)
    if found is None or len(re.sub(r"\D", "", found["phone"])) < 3:
        return {"text": line, "dial": ""}
    return {"text": line, "dial": re.sub(r"[^\d+]", "", found["phone"])}


def clean_steps(raw: dict[str, str]) -> dict[str, list[dict[str, str]]] | str:
    """The form's text boxes (one thing per line) to stored steps, or a catalog key."""
    steps: dict[str, list[dict[str, str]]] = {}
    for step in STEPS:
        lines = [" ".join(x.split()) for x in str(raw.get(step, "")).splitlines() if x.strip()]
        if len(lines) > MAX_LINES or any(len(x) > LINE_MAX for x in lines):
            return SafetyPlanProblem.TOO_LONG
        steps[step] = [contact(x) if step in CONTACT_STEPS else {"text": x} for x in lines]
    if not any(steps.values()):
        return SafetyPlanProblem.EMPTY
    return steps


def _writer(db: Session, actor: Actor, patient_id: uuid.UUID | None, now: datetime) -> uuid.UUID:
    if actor.role not in (Role.PATIENT, Role.CLINICIAN):
        raise NotFound
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.SAFETY_PLAN, now=now, action=Action.CHANGE)
    return patient_id


def save_plan(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, raw: dict[str, str], *, now: datetime
) -> str:
    """A new version; "" when saved, else a catalog key (nothing is half-saved)."""
    patient_id = _writer(db, actor, patient_id, now)
    steps = clean_steps(raw)
    if isinstance(steps, str):
        return steps
    by_patient = actor.role is Role.PATIENT
    db.add(
        SafetyPlanVersion(
            patient_id=patient_id,
            version=next_version(db, SafetyPlanVersion, patient_id),
            steps=steps,
            written_by=actor.user_id,
            by_patient=by_patient,
            seen_by_team_at=None if by_patient else now,
            created_at=now,
        )
    )
    db.flush()
    return ""


def plan_of(db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime) -> Plan:
    """The current plan and the earlier versions. The care team opening it counts as seen."""
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.SAFETY_PLAN, now=now)
    rows = versions_of(db, SafetyPlanVersion, patient_id)
    if not rows:
        return Plan()
    current, name = rows[0]
    plan = Plan(
        version=current.version,
        steps=_shown(current.steps),
        written_by=name,
        written_at=current.created_at,
        by_patient=current.by_patient,
        unseen_by_team=current.by_patient and current.seen_by_team_at is None,
        earlier=[(v.version, v.created_at, n) for v, n in rows[1:]],
    )
    if actor.role is Role.CLINICIAN and plan.unseen_by_team:
        db.exec(
            update(SafetyPlanVersion)
            .where(
                col(SafetyPlanVersion.patient_id) == patient_id,
                col(SafetyPlanVersion.seen_by_team_at).is_(None),
            )
            .values(seen_by_team_at=now)
        )
    return plan


def _shown(stored: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    return {
        step: [{"text": str(i.get("text", "")), "dial": str(i.get("dial", ""))} for i in items]
        for step, items in ((s, stored.get(s, [])) for s in STEPS)
    }


def changed_by_patient(db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime) -> bool:
    """For the care team's patient page: the patient changed the plan and nobody looked yet."""
    require_clinician(actor)
    load_patient_for(db, actor, patient_id, Category.SAFETY_PLAN, now=now)
    return (
        db.exec(
            select(SafetyPlanVersion.id).where(
                SafetyPlanVersion.patient_id == patient_id,
                col(SafetyPlanVersion.by_patient).is_(True),
                col(SafetyPlanVersion.seen_by_team_at).is_(None),
            )
        ).first()
        is not None
    )


def plan_as_text(plan: Plan) -> dict[str, str]:
    """The text boxes of the editing form, filled with the current plan."""
    return {step: "\n".join(i["text"] for i in plan.steps.get(step, [])) for step in STEPS}
