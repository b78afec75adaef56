"""Posts held for safety: a hold reaches a person without anyone looking, like a risk alert.

A post with crisis words opens a hold (`GroupSafetyAlert`). Its group's facilitator is told at
once by push and email in neutral words (never the group, the post or who wrote it); when the
clinic is closed, or the hold stays open longer than the clinic allows in clinic hours, the
on-call clinician and the after-hours contact are told too, and from then on the on-call
clinician may read the hold and close it as well. The facilitator finds open holds on the
group's page and on `/alerts`, where the notices point. Each hold closes with a note.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, and_, col, or_, select, update

from portal_app.models import (
    Clinic,
    GroupMember,
    GroupPost,
    GroupSafetyAlert,
    Patient,
    SupportGroup,
    User,
)
from portal_app.services.access import Actor, NotFound, on_care_team, require_clinician
from portal_app.services.care_team.alert_notices import (
    queue_hold_escalation,
    queue_safety_hold,
)
from portal_app.services.care_team.risk_alerts import clinic_minutes_between
from portal_app.services.common import audit
from portal_app.services.groups.groups import audited, facilitated_group
from portal_app.services.problems import GroupProblem


@dataclass(frozen=True)
class SafetyHold:
    alert_id: uuid.UUID
    opened_at: datetime
    display_name: str
    body: str
    # Whom to reach: the writer's patient page, only when the reader may open it (the
    # facilitator is on their care team; an on-call clinician may not be).
    patient_id: uuid.UUID | None
    group_id: uuid.UUID | None = None
    group_name: str = ""
    facilitating: bool = False  # the reader runs the group (and may open its page)
    on_call: bool = False  # the on-call people were told


def open_hold(
    db: Session, actor: Actor, group: SupportGroup, post_id: uuid.UUID, *, now: datetime
) -> GroupSafetyAlert:
    """Open a hold for a post, and queue its notices in the same transaction (a crash cannot
    lose them)."""
    hold = GroupSafetyAlert(group_id=group.id, post_id=post_id, opened_at=now)
    db.add(hold)
    db.flush()
    clinic = db.get(Clinic, group.clinic_id)
    assert clinic is not None
    if queue_safety_hold(db, hold, clinic, db.get(User, group.facilitator_id), now=now):
        hold.on_call_since = now
        db.add(hold)
    audited(db, actor, "safety_hold", now=now)
    db.flush()
    return hold


def _readable_by(actor: Actor) -> ColumnElement[bool]:
    """Holds this clinician may act on: in the groups they run, or, as their clinic's
    on-call clinician, once on call was told."""
    on_call = and_(
        col(GroupSafetyAlert.on_call_since).is_not(None),
        Clinic.on_call_clinician_id == actor.user_id,
    )
    return and_(
        SupportGroup.clinic_id == actor.clinic_id,
        or_(SupportGroup.facilitator_id == actor.user_id, on_call),
    )


def _reachable(db: Session, actor: Actor, user_id: uuid.UUID) -> uuid.UUID | None:
    """The writer's patient id when the reader may open their page (a caregiver's: none)."""
    patient_id = db.exec(select(Patient.id).where(Patient.user_id == user_id)).first()
    return patient_id if patient_id and on_care_team(db, actor.user_id, patient_id) else None


def _open_holds(db: Session, actor: Actor, *where: ColumnElement[bool]) -> list[SafetyHold]:
    rows = db.exec(
        select(GroupSafetyAlert, GroupPost, GroupMember, SupportGroup)
        .join(GroupPost, col(GroupPost.id) == GroupSafetyAlert.post_id)
        .join(GroupMember, col(GroupMember.id) == GroupPost.member_id)
        .join(SupportGroup, col(SupportGroup.id) == GroupSafetyAlert.group_id)
        .join(Clinic, col(Clinic.id) == SupportGroup.clinic_id)
        .where(col(GroupSafetyAlert.acknowledged_at).is_(None), _readable_by(actor), *where)
        .order_by(col(GroupSafetyAlert.opened_at))
    ).all()
    return [
        SafetyHold(
            hold.id,
            hold.opened_at,
            member.display_name,
            held.body,
            _reachable(db, actor, member.user_id),
            group.id,
            group.name,
            group.facilitator_id == actor.user_id,
            hold.on_call_since is not None,
        )
        for hold, held, member, group in rows
    ]


def open_safety_alerts(db: Session, actor: Actor, group_id: uuid.UUID) -> list[SafetyHold]:
    """The open holds of one group, for its facilitator, with who wrote what: to reach a
    person in danger the facilitator (their own care team) needs to know who it is, unlike
    the members."""
    facilitated_group(db, actor, group_id)
    return _open_holds(db, actor, col(GroupSafetyAlert.group_id) == group_id)


def holds_for(db: Session, actor: Actor) -> list[SafetyHold]:
    """Every open hold this clinician may act on (for `/alerts`, where the notices point)."""
    require_clinician(actor)
    return _open_holds(db, actor)


def holds_version(db: Session, actor: Actor) -> tuple[object, ...]:
    """Changes when a hold this clinician may act on opens, reaches on call or closes: ids
    only (one item per open hold, so its length is how many wait)."""
    require_clinician(actor)
    return tuple(
        db.exec(
            select(GroupSafetyAlert.id, GroupSafetyAlert.on_call_since)
            .join(SupportGroup, col(SupportGroup.id) == GroupSafetyAlert.group_id)
            .join(Clinic, col(Clinic.id) == SupportGroup.clinic_id)
            .where(col(GroupSafetyAlert.acknowledged_at).is_(None), _readable_by(actor))
            .order_by(col(GroupSafetyAlert.id))
        ).all()
    )


def acknowledge_safety(
    db: Session, actor: Actor, alert_id: uuid.UUID, note: str, *, now: datetime
) -> GroupProblem | None:
    """The facilitator (or, once told, the on-call clinician) closes a hold with a note of
    what they did. Anyone else, or a hold already closed, is NotFound."""
    require_clinician(actor)
    found = db.exec(
        select(GroupSafetyAlert)
        .join(SupportGroup, col(SupportGroup.id) == GroupSafetyAlert.group_id)
        .join(Clinic, col(Clinic.id) == SupportGroup.clinic_id)
        .where(GroupSafetyAlert.id == alert_id, _readable_by(actor))
    ).first()
    if found is None or found.acknowledged_at is not None:
        raise NotFound
    text = note.strip()[:2000]
    if not text:
        return GroupProblem.EMPTY
    found.acknowledged_at, found.acknowledged_by, found.note = now, actor.user_id, text
    db.add(found)
    audited(db, actor, "safety_acknowledged", now=now)
    db.flush()
    return None


def escalate_overdue_holds(db: Session, *, now: datetime) -> int:
    """Holds left open longer than the clinic allows (in clinic hours) go to on call, once
    each. Safe to run on every worker: the claim is one conditional update."""
    count = 0
    waiting = db.exec(
        select(GroupSafetyAlert, SupportGroup, Clinic)
        .join(SupportGroup, col(SupportGroup.id) == GroupSafetyAlert.group_id)
        .join(Clinic, col(Clinic.id) == SupportGroup.clinic_id)
        .where(
            col(GroupSafetyAlert.acknowledged_at).is_(None),
            col(GroupSafetyAlert.on_call_since).is_(None),
        )
    ).all()
    for hold, group, clinic in waiting:
        if clinic_minutes_between(clinic, hold.opened_at, now) < clinic.alert_escalation_minutes:
            continue
        claimed = db.exec(
            update(GroupSafetyAlert)
            .where(
                col(GroupSafetyAlert.id) == hold.id,
                col(GroupSafetyAlert.on_call_since).is_(None),
            )
            .values(on_call_since=now)
        )
        if claimed.rowcount == 1:
            audit.record(
                db, "group.safety_escalated", now=now, clinic_id=clinic.id, category="groups"
            )
            queue_hold_escalation(db, hold, clinic, db.get(User, group.facilitator_id), now=now)
            count += 1
    return count
