"""What a member chooses to share with their group: their first name, a phone, an email, in
their own words. Nothing is shared unless the member writes it and says they understand
that everyone in the group will see it. They can stop sharing at any time, and leaving (or
being taken out) stops it too; the facilitator can take a shared line down. Members of teen
groups share no contact details here: the facilitator helps with that in person, as the
clinic's age rules expect."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.content.group_safety import has_crisis_words
from portal_app.models import GroupMember, SupportGroup
from portal_app.services.access import Actor, NotFound
from portal_app.services.groups.groups import audited, facilitated_group
from portal_app.services.groups.membership import MEMBER, membership
from portal_app.services.groups.posts import post, space_of
from portal_app.services.problems import GroupProblem

SHARED_MAX = 200


@dataclass(frozen=True)
class Shared:
    display_name: str
    text: str
    mine: bool


def _own_membership(
    db: Session, actor: Actor, group_id: uuid.UUID
) -> tuple[SupportGroup, GroupMember]:
    group = db.get(SupportGroup, group_id)
    if group is None or group.clinic_id != actor.clinic_id or group.status != "open":
        raise NotFound
    member = membership(db, actor, group_id)
    if member is None:
        raise NotFound
    return group, member


def sharing_allowed(group: SupportGroup) -> bool:
    return group.audience != "teens"


def share(
    db: Session,
    actor: Actor,
    group_id: uuid.UUID,
    text: str,
    *,
    understood: bool,
    now: datetime,
) -> GroupProblem | None:
    """Show the group what the member wrote (replacing what they shared before); None when
    shared. Words that may mean danger are not shared: they go to the facilitator as a post
    held for safety (with its alert), and the page shows crisis help."""
    group, member = _own_membership(db, actor, group_id)
    if not sharing_allowed(group):
        return GroupProblem.SHARE_TEENS
    words = " ".join(text.split())
    if not words:
        return GroupProblem.SHARE_EMPTY
    if len(words) > SHARED_MAX:
        return GroupProblem.SHARE_LONG
    if has_crisis_words(words):
        post(db, actor, group_id, words, now=now)
        return GroupProblem.SHARE_CRISIS
    if not understood:
        return GroupProblem.SHARE_UNDERSTOOD
    _set_shared(db, actor, member, words, "contact_shared", now=now)
    return None


def _set_shared(
    db: Session, actor: Actor, member: GroupMember, text: str, action: str, *, now: datetime
) -> None:
    """One place that changes what a member shares: stamped (open pages refresh) and audited."""
    member.shared, member.shared_at = text, now
    db.add(member)
    audited(db, actor, action, now=now)
    db.flush()


def stop_sharing(db: Session, actor: Actor, group_id: uuid.UUID, *, now: datetime) -> None:
    _group, member = _own_membership(db, actor, group_id)
    if not member.shared:
        return
    _set_shared(db, actor, member, "", "contact_unshared", now=now)


def remove_shared(db: Session, actor: Actor, member_id: uuid.UUID, *, now: datetime) -> None:
    """The facilitator takes down what a member shares (say, someone else's number), without
    taking the member out; the member may share again."""
    member = db.get(GroupMember, member_id)
    if member is None:
        raise NotFound
    facilitated_group(db, actor, member.group_id)
    if not member.shared:
        return
    _set_shared(db, actor, member, "", "contact_removed", now=now)


def shared_in(db: Session, actor: Actor, group_id: uuid.UUID) -> list[Shared]:
    """What the group's members share, for its members and facilitator (NotFound for anyone
    else, a former member included)."""
    space_of(db, actor, group_id)
    rows = db.exec(
        select(GroupMember)
        .where(
            GroupMember.group_id == group_id,
            GroupMember.status == MEMBER,
            GroupMember.shared != "",
        )
        .order_by(col(GroupMember.display_name))
    ).all()
    return [Shared(m.display_name, m.shared, m.user_id == actor.user_id) for m in rows]
