"""The moderated space of a group. Members post and reply as their display name; a member's
first post waits for the facilitator; a post with crisis words is held at once, its writer is
shown crisis help, and the facilitator gets a safety alert. The facilitator approves, hides,
pins and can pause the space; members report posts. Only members (and the facilitator) read
anything, and only while they are members. Posts are plain text, shown escaped like messages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from portal_app.content.group_safety import has_crisis_words
from portal_app.models import (
    GroupMember,
    GroupPost,
    GroupReport,
    SupportGroup,
)
from portal_app.services.access import Actor, NotFound
from portal_app.services.groups.groups import audited, facilitated_group
from portal_app.services.groups.membership import membership
from portal_app.services.groups.safety import open_hold
from portal_app.services.problems import GroupProblem

BODY_MAX = 2000


@dataclass(frozen=True)
class Posted:
    """What became of a post: shown, or held (and why), so the page can say so."""

    post_id: uuid.UUID
    status: str  # shown or held
    held_for: str  # "", first_post, crisis


@dataclass(frozen=True)
class ShownPost:
    id: uuid.UUID
    author: str  # the member's display name, never their account
    body: str
    created_at: datetime
    reply_to: uuid.UUID | None
    status: str
    pinned: bool
    mine: bool
    reports: int  # the facilitator sees how many members reported it


def _reader(
    db: Session, actor: Actor, group_id: uuid.UUID
) -> tuple[SupportGroup, GroupMember | None]:
    """The group, and the reader's membership (None for its facilitator). Anyone else, a
    former member and every member of a group that ended included, gets NotFound: as if
    there were no group."""
    group = db.get(SupportGroup, group_id)
    if group is None or group.clinic_id != actor.clinic_id:
        raise NotFound
    if group.facilitator_id == actor.user_id:
        return group, None
    member = membership(db, actor, group_id) if group.status == "open" else None
    if member is None:
        raise NotFound
    return group, member


def post(
    db: Session,
    actor: Actor,
    group_id: uuid.UUID,
    body: str,
    *,
    reply_to: uuid.UUID | None = None,
    now: datetime,
) -> Posted | GroupProblem:
    group, member = _reader(db, actor, group_id)
    if member is None:
        raise NotFound  # the facilitator moderates; posting is for members
    text = body.strip()
    if not text:
        return GroupProblem.EMPTY
    if len(text) > BODY_MAX:
        return GroupProblem.TOO_LONG
    crisis = has_crisis_words(text)
    if group.paused and not crisis:  # words of danger are held and raised even when paused
        return GroupProblem.PAUSED
    if reply_to is not None:
        parent = db.get(GroupPost, reply_to)
        if parent is None or parent.group_id != group_id or parent.status != "shown":
            if not crisis:
                return GroupProblem.GONE
            reply_to = None  # held all the same, on its own
    held_for = "crisis" if crisis else ("" if member.trusted else "first_post")
    row = GroupPost(
        group_id=group_id,
        member_id=member.id,
        reply_to=reply_to,
        body=text,
        status="held" if held_for else "shown",
        held_for=held_for,
        created_at=now,
    )
    db.add(row)
    db.flush()
    if crisis:
        open_hold(db, actor, group, row.id, now=now)
    return Posted(row.id, row.status, held_for)


def posts_for(db: Session, actor: Actor, group_id: uuid.UUID) -> list[ShownPost]:
    """The space as this reader may see it, pinned first then oldest first: members see shown
    posts and their own held ones; the facilitator sees everything with its reports."""
    group, member = _reader(db, actor, group_id)
    facilitator = member is None
    query = (
        select(GroupPost, GroupMember.display_name)
        .join(GroupMember, col(GroupMember.id) == GroupPost.member_id)
        .where(GroupPost.group_id == group.id)
    )
    if not facilitator:
        assert member is not None
        query = query.where(
            (GroupPost.status == "shown")
            | ((GroupPost.member_id == member.id) & (GroupPost.status == "held"))
        )
    rows = db.exec(query.order_by(col(GroupPost.pinned).desc(), col(GroupPost.created_at))).all()
    reported: dict[uuid.UUID, int] = {}
    if facilitator:
        for report in db.exec(
            select(GroupReport)
            .join(GroupPost, col(GroupPost.id) == GroupReport.post_id)
            .where(GroupPost.group_id == group.id, col(GroupReport.resolved_at).is_(None))
        ).all():
            reported[report.post_id] = reported.get(report.post_id, 0) + 1
    return [
        ShownPost(
            p.id,
            name,
            p.body,
            p.created_at,
            p.reply_to,
            p.status,
            p.pinned,
            member is not None and p.member_id == member.id,
            reported.get(p.id, 0),
        )
        for p, name in rows
    ]


def report(db: Session, actor: Actor, post_id: uuid.UUID, *, now: datetime) -> None:
    """A member reports a post for the facilitator to look at (once per member)."""
    found = db.get(GroupPost, post_id)
    if found is None:
        raise NotFound
    _group, member = _reader(db, actor, found.group_id)
    if member is None or found.status != "shown":
        raise NotFound
    try:
        with db.begin_nested():
            db.add(GroupReport(post_id=post_id, member_id=member.id, created_at=now))
            db.flush()
    except IntegrityError:
        return  # reported already


def moderate(db: Session, actor: Actor, post_id: uuid.UUID, action: str, *, now: datetime) -> None:
    """The facilitator's actions on a post: approve (and trust its writer from then on),
    hide, pin or unpin. Every one is audited; reports on a post are resolved with it."""
    found = db.get(GroupPost, post_id)
    if found is None:
        raise NotFound
    facilitated_group(db, actor, found.group_id)
    if action == "approve" and found.status == "held":
        found.status = "shown"
        writer = db.get(GroupMember, found.member_id)
        if writer is not None and found.held_for == "first_post":
            writer.trusted = True
            db.add(writer)
    elif action == "hide":
        found.status, found.pinned = "hidden", False
    elif action in ("pin", "unpin") and found.status == "shown":
        found.pinned = action == "pin"
    else:
        return
    found.decided_at, found.decided_by = now, actor.user_id
    db.add(found)
    for open_report in db.exec(
        select(GroupReport).where(
            GroupReport.post_id == post_id, col(GroupReport.resolved_at).is_(None)
        )
    ):
        open_report.resolved_at = now
        db.add(open_report)
    audited(db, actor, f"post_{action}", now=now)
    db.flush()


def set_paused(
    db: Session, actor: Actor, group_id: uuid.UUID, paused: bool, *, now: datetime
) -> None:
    group = facilitated_group(db, actor, group_id)
    group.paused = paused
    db.add(group)
    audited(db, actor, "paused" if paused else "resumed", now=now)
    db.flush()


@dataclass(frozen=True)
class Space:
    group: SupportGroup
    facilitating: bool
    display_name: str  # the reader's own name in the group ("" for the facilitator)


def space_of(db: Session, actor: Actor, group_id: uuid.UUID) -> Space:
    """The group as its reader meets it (NotFound for anyone else)."""
    group, member = _reader(db, actor, group_id)
    return Space(group, member is None, member.display_name if member else "")


def space_version(db: Session, actor: Actor, group_id: uuid.UUID) -> object:
    """Changes when anything the reader sees changes: a post, a decision, who is in the group
    and what they share, a pause, or the reader's own membership ending (then None, and the
    page empties)."""
    try:
        group, _member = _reader(db, actor, group_id)
    except NotFound:
        return None
    newest = db.exec(
        select(func.count(), func.max(GroupPost.created_at), func.max(GroupPost.decided_at)).where(
            GroupPost.group_id == group_id
        )
    ).one()
    asked = db.exec(
        select(func.count()).where(GroupMember.group_id == group_id, GroupMember.status == "asked")
    ).one()
    people = db.exec(  # someone let in, leaving, taken out, sharing or no longer sharing
        select(
            func.max(GroupMember.decided_at),
            func.max(GroupMember.left_at),
            func.max(GroupMember.shared_at),
        ).where(GroupMember.group_id == group_id)
    ).one()
    return (tuple(newest), asked, tuple(people), group.paused)
