"""The demo's support group, with weeks of history: Dr. Rivera runs a Tuesday group; Alex and
Taylor joined under names they picked, their first posts waited for her, and they have talked
since (one tip is pinned); Taylor chose to share a first name with the group. Written through
the same services as the screens, so the rules (private names, first posts held) hold for the
demo too."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from portal_app.services.clinic.demo_days import actor_of, check, local_at
from portal_app.services.groups.groups import create_group
from portal_app.services.groups.membership import ask_to_join, decide, requests_for
from portal_app.services.groups.posts import Posted, moderate, post
from portal_app.services.groups.sharing import share
from portal_app.services.problems import GroupProblem

GROUP = {
    "name": "Tuesday evening circle",
    "purpose": "A small group to share what helps with low mood and stress, one week at a time.",
    "schedule": "Tuesdays 6 to 7 pm",
    "meets_day": "1",  # Tuesday: members are reminded 2 hours before
    "meets_at": "18:00",
    "place": "Room 2, Riverside Behavioral Health",
    "capacity": "10",
    "audience": "adults",
}
MEMBERS = (("alex@example.org", "River Stone"), ("taylor@example.org", "Blue Sky"))
# (weeks ago, hour, writer, text, whether it replies to the post before it)
POSTS = (
    (5, 19, "alex@example.org", "Hi all. First time in a group like this. A bit nervous.", False),
    (5, 20, "taylor@example.org", "Welcome! The first week is the hardest. It gets easier.", True),
    (
        3,
        21,
        "taylor@example.org",
        "Tip: I put my phone in the kitchen at night. I sleep more.",
        False,
    ),
    (3, 22, "alex@example.org", "Trying that tonight. Thanks for the idea.", True),
    (1, 18, "alex@example.org", "Walking after work helped me this week.", False),
)
PINNED = 2  # Taylor's sleep tip
TAYLOR_SHARES = "Taylor. Happy to walk to the bus stop together after group."


def add_group(db: Session, today: date) -> None:
    rivera = actor_of(db, "dr.rivera@example.org")
    started = today - timedelta(weeks=6)
    group = create_group(db, rivera, GROUP, now=local_at(started, 10))
    if isinstance(group, GroupProblem):
        check(group)
        return
    for email, name in MEMBERS:
        check(
            ask_to_join(
                db,
                actor_of(db, email),
                group.id,
                name,
                rules_accepted=True,
                now=local_at(started, 12),
            )
        )
    for asked in requests_for(db, rivera, group.id):
        check(decide(db, rivera, asked.id, True, now=local_at(started, 16)))
    before = None
    for index, (weeks, hour, email, text, reply) in enumerate(POSTS):
        day = today - timedelta(weeks=weeks)
        done = post(
            db,
            actor_of(db, email),
            group.id,
            text,
            reply_to=before if reply else None,
            now=local_at(day, hour),
        )
        if not isinstance(done, Posted):
            check(done)
            return
        if done.status == "held":  # a first post: Dr. Rivera looks at it the next morning
            moderate(db, rivera, done.post_id, "approve", now=local_at(day + timedelta(days=1), 9))
        if index == PINNED:
            moderate(db, rivera, done.post_id, "pin", now=local_at(day + timedelta(days=1), 9))
        before = done.post_id
    taylor = actor_of(db, "taylor@example.org")
    shared_on = local_at(today - timedelta(weeks=2), 20)
    check(share(db, taylor, group.id, TAYLOR_SHARES, understood=True, now=shared_on))
