"""Who is in a group, and under which name. A person asks to join under a display name they
pick for that group and accepts its rules; the facilitator lets them in (up to the group's
size). The name may not be their real name, any part of it, or their email; no two members
share one. A member who leaves, or is taken out, loses access at once: every read checks the
membership row, never a copy in the browser."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from portal_app.content.group_safety import fold
from portal_app.models import GroupMember, SupportGroup, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.groups.groups import audited, facilitated_group, groups_offered
from portal_app.services.problems import GroupProblem

NAME_SHAPE = re.compile(r"^[\w][\w .'-]{1,38}[\w.]$")
MEMBER = "member"


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))[:40]


def display_name_problem(name: str, person: User) -> GroupProblem | None:
    """A display name must be 3 to 40 letters, numbers, spaces, dots, dashes or apostrophes,
    and must not show who the person is: no part of their name (3 letters or more) and no
    part of their email before the @."""
    if not NAME_SHAPE.match(name):
        return GroupProblem.DISPLAY_NAME
    key = _name_key(name)
    real_parts = [_name_key(part) for part in re.split(r"[\s.'-]+", person.display_name)]
    email_part = _name_key(person.email.split("@", 1)[0])
    if any(len(part) >= 3 and part in key for part in real_parts) or (
        len(email_part) >= 3 and (email_part in key or key in email_part)
    ):
        return GroupProblem.REAL_NAME
    return None


def membership(db: Session, actor: Actor, group_id: uuid.UUID) -> GroupMember | None:
    """The actor's current membership of the group (None when asked, left, or never)."""
    return db.exec(
        select(GroupMember).where(
            GroupMember.group_id == group_id,
            GroupMember.user_id == actor.user_id,
            GroupMember.status == MEMBER,
        )
    ).first()


def ask_to_join(
    db: Session,
    actor: Actor,
    group_id: uuid.UUID,
    display_name: str,
    *,
    rules_accepted: bool,
    now: datetime,
) -> GroupProblem | None:
    """Ask to join a group that is offered to the person; None when asked."""
    if group_id not in {g.id for g in groups_offered(db, actor, today=now.date())}:
        return GroupProblem.NOT_FOR_YOU
    if not rules_accepted:
        return GroupProblem.RULES
    person = db.get(User, actor.user_id)
    name = " ".join(display_name.split())
    if person is None:
        raise NotFound
    problem = display_name_problem(name, person)
    if problem is not None:
        return problem
    existing = db.exec(
        select(GroupMember).where(
            GroupMember.group_id == group_id, GroupMember.user_id == actor.user_id
        )
    ).first()
    if existing is not None and existing.status in ("asked", MEMBER):
        return GroupProblem.ALREADY
    if existing is not None:  # asked again after leaving, a no or being taken out: afresh
        db.delete(existing)
        db.flush()
    try:
        with db.begin_nested():
            db.add(
                GroupMember(
                    group_id=group_id,
                    user_id=actor.user_id,
                    display_name=name,
                    name_key=_name_key(name),
                    rules_accepted_at=now,
                    asked_at=now,
                )
            )
            db.flush()
    except IntegrityError:
        return GroupProblem.NAME_TAKEN
    audited(db, actor, "asked", now=now)
    return None


def _members_now(db: Session, group_id: uuid.UUID) -> int:
    return int(
        db.exec(
            select(func.count()).where(
                GroupMember.group_id == group_id, GroupMember.status == MEMBER
            )
        ).one()
    )


def decide(
    db: Session, actor: Actor, member_id: uuid.UUID, let_in: bool, *, now: datetime
) -> GroupProblem | None:
    """The facilitator lets a person in, or says no; a full group takes no one more."""
    member = db.get(GroupMember, member_id)
    if member is None:
        raise NotFound
    group = facilitated_group(db, actor, member.group_id)
    if member.status != "asked":
        return GroupProblem.GONE
    if let_in and _members_now(db, group.id) >= group.capacity:
        return GroupProblem.FULL
    member.status, member.decided_at = (MEMBER if let_in else "declined"), now
    db.add(member)
    audited(db, actor, "let_in" if let_in else "declined", now=now)
    db.flush()
    return None


def leave(db: Session, actor: Actor, group_id: uuid.UUID, *, now: datetime) -> None:
    """Leave a group (or take back a request): access ends with this row."""
    found = db.exec(
        select(GroupMember).where(
            GroupMember.group_id == group_id,
            GroupMember.user_id == actor.user_id,
            col(GroupMember.status).in_(("asked", MEMBER)),
        )
    ).first()
    if found is None:
        return
    found.status, found.left_at = "left", now
    found.shared, found.shared_at = "", now  # leaving stops sharing
    db.add(found)
    audited(db, actor, "left", now=now)
    db.flush()


def requests_for(db: Session, actor: Actor, group_id: uuid.UUID) -> list[GroupMember]:
    """Who asked to join the facilitator's group, oldest first (by display name only)."""
    facilitated_group(db, actor, group_id)
    return list(
        db.exec(
            select(GroupMember)
            .where(GroupMember.group_id == group_id, GroupMember.status == "asked")
            .order_by(col(GroupMember.asked_at))
        ).all()
    )


def members_of(db: Session, actor: Actor, group_id: uuid.UUID) -> list[GroupMember]:
    """The facilitator's list of who is in the group now (by display name only)."""
    facilitated_group(db, actor, group_id)
    return list(
        db.exec(
            select(GroupMember)
            .where(GroupMember.group_id == group_id, GroupMember.status == MEMBER)
            .order_by(col(GroupMember.display_name))
        ).all()
    )


def take_out(db: Session, actor: Actor, member_id: uuid.UUID, *, now: datetime) -> None:
    """The facilitator takes a member out (one person must not hurt the many): their access
    ends with the row, at once. They may ask again, and the facilitator decides, so a wrong
    tap can be put right."""
    member = db.get(GroupMember, member_id)
    if member is None:
        raise NotFound
    facilitated_group(db, actor, member.group_id)
    if member.status != MEMBER:
        return
    member.status, member.left_at, member.trusted = "removed", now, False
    member.shared, member.shared_at = "", now
    db.add(member)
    audited(db, actor, "member_removed", now=now)
    db.flush()


def my_groups(db: Session, actor: Actor) -> list[tuple[SupportGroup, GroupMember]]:
    """The groups the person is in or asked to join, with their own membership."""
    rows = db.exec(
        select(SupportGroup, GroupMember)
        .join(GroupMember, col(GroupMember.group_id) == SupportGroup.id)
        .where(
            GroupMember.user_id == actor.user_id,
            col(GroupMember.status).in_(("asked", MEMBER)),
            SupportGroup.status == "open",
        )
        .order_by(col(SupportGroup.name))
    ).all()
    return [(group, member) for group, member in rows]


def still_in_group(db: Session, group_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Is the person still a member of a group that still runs (asked before each send)?"""
    found = db.exec(
        select(GroupMember.id)
        .join(SupportGroup, col(SupportGroup.id) == GroupMember.group_id)
        .where(
            GroupMember.group_id == group_id,
            GroupMember.user_id == user_id,
            GroupMember.status == MEMBER,
            SupportGroup.status == "open",
        )
    ).first()
    return found is not None
