"""Groups the clinic runs: a clinician creates one and facilitates it; patients see the open
groups their care team offers that fit their age by the clinic's rules, caregivers the groups
for caregivers. Creating and changing a group is audited."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Session, col, select

from portal_app.models import Clinic, Patient, Role, SupportGroup
from portal_app.services.access import (
    Actor,
    NotFound,
    care_team_of,
    own_patient_id,
    require_clinician,
)
from portal_app.services.common import audit
from portal_app.services.medication.schedule import parse_clock
from portal_app.services.problems import GroupProblem

AUDIENCES = ("adults", "teens", "caregivers")
CAPACITY = (4, 30)


def _tidy(text: str, most: int) -> str:
    return " ".join(str(text).split())[:most]


def audited(db: Session, actor: Actor, action: str, *, now: datetime) -> None:
    """One audit event for a group action ("group.<action>"): who, which clinic, no text."""
    audit.record(
        db,
        f"group.{action}",
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
        category="groups",
    )


def meeting_time(day: str, clock: str) -> tuple[int | None, str] | None:
    """The weekly meeting for reminders: (weekday, "HH:MM"), or (None, "") for none; None when
    only one of the two is given or either is not a real day or time."""
    day, clock = str(day).strip(), str(clock).strip()
    if not day and not clock:
        return None, ""
    parsed = parse_clock(clock)
    if not day.isdigit() or not 0 <= int(day) <= 6 or parsed is None:
        return None
    return int(day), parsed.strftime("%H:%M")


def create_group(
    db: Session, actor: Actor, fields: dict[str, str], *, now: datetime
) -> SupportGroup | GroupProblem:
    """A new open group that the creating clinician facilitates."""
    require_clinician(actor)
    name, purpose = _tidy(fields.get("name", ""), 120), _tidy(fields.get("purpose", ""), 1000)
    schedule = _tidy(fields.get("schedule", ""), 200)
    place, link = _tidy(fields.get("place", ""), 200), _tidy(fields.get("video_link", ""), 300)
    audience = fields.get("audience", "adults")
    try:
        capacity = int(fields.get("capacity", "12"))
    except ValueError:
        capacity = 0
    if not name:
        return GroupProblem.NAME
    if (
        not purpose
        or not schedule
        or not (place or link.startswith("https://"))
        or audience not in AUDIENCES
        or not CAPACITY[0] <= capacity <= CAPACITY[1]
    ):
        return GroupProblem.DETAILS
    meeting = meeting_time(fields.get("meets_day", ""), fields.get("meets_at", ""))
    if meeting is None:
        return GroupProblem.MEETS
    group = SupportGroup(
        clinic_id=actor.clinic_id,
        name=name,
        purpose=purpose,
        schedule=schedule,
        place=place,
        video_link=link if link.startswith("https://") else "",
        facilitator_id=actor.user_id,
        capacity=capacity,
        audience=audience,
        meets_weekday=meeting[0],
        meets_at=meeting[1],
        created_at=now,
    )
    db.add(group)
    db.flush()
    audited(db, actor, "created", now=now)
    return group


def facilitated_group(db: Session, actor: Actor, group_id: uuid.UUID) -> SupportGroup:
    """The group if the actor facilitates it (NotFound for anyone else, as for no group)."""
    group = db.get(SupportGroup, group_id)
    if group is None or group.clinic_id != actor.clinic_id or group.facilitator_id != actor.user_id:
        raise NotFound
    return group


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def audience_of(db: Session, actor: Actor, today: date) -> str | None:
    """Which groups fit this person: "adults" or "teens" by the clinic's age rules (under the
    teen age: none), "caregivers" for a caregiver; None for staff."""
    if actor.role is Role.CAREGIVER:
        return "caregivers"
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        return None
    patient = db.get(Patient, patient_id)
    clinic = db.get(Clinic, actor.clinic_id)
    if patient is None or clinic is None:
        return None
    age = _age(patient.date_of_birth, today)
    if age >= clinic.adult_age:
        return "adults"
    return "teens" if age >= clinic.teen_from_age else None


def groups_offered(db: Session, actor: Actor, *, today: date) -> list[SupportGroup]:
    """Open groups that fit the person: for a patient, those run by their own care team."""
    audience = audience_of(db, actor, today)
    if audience is None:
        return []
    query = select(SupportGroup).where(
        SupportGroup.clinic_id == actor.clinic_id,
        SupportGroup.status == "open",
        SupportGroup.audience == audience,
    )
    patient_id = own_patient_id(db, actor)
    if patient_id is not None:  # the groups their own care team runs (asked of the gate)
        team = [clinician.id for clinician in care_team_of(db, patient_id)]
        query = query.where(col(SupportGroup.facilitator_id).in_(team))
    return list(db.exec(query.order_by(col(SupportGroup.name))).all())


def groups_run_by(db: Session, actor: Actor) -> list[SupportGroup]:
    """The open groups this clinician facilitates."""
    require_clinician(actor)
    return list(
        db.exec(
            select(SupportGroup)
            .where(
                SupportGroup.clinic_id == actor.clinic_id,
                SupportGroup.facilitator_id == actor.user_id,
                SupportGroup.status == "open",
            )
            .order_by(col(SupportGroup.name))
        ).all()
    )


def end_group(db: Session, actor: Actor, group_id: uuid.UUID, *, now: datetime) -> None:
    """The facilitator ends a group: it is offered no more and its space closes to members at
    once. Its open safety holds stay on /alerts until someone closes them."""
    group = facilitated_group(db, actor, group_id)
    if group.status != "open":
        return
    group.status = "closed"
    db.add(group)
    audited(db, actor, "ended", now=now)
    db.flush()
