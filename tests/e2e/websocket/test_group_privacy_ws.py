"""A support group over raw Socket.IO: nobody outside it reads a word of it or writes to it,
not a patient of the same care team who is not in it, not a member who left, not a clinician
who does not run it, not a caregiver, not someone of another clinic. Nor can they take a member
out, end the group, read what a member shares or share into it, or read or close its safety
hold on /alerts. The events name the group by
its id in the address, exactly as the page does."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import func, select

from portal_app.db import session_scope
from portal_app.models import GroupMember, GroupPost, GroupSafetyAlert, SupportGroup
from portal_app.services.groups.groups import create_group
from portal_app.services.groups.membership import ask_to_join, decide, leave, requests_for
from portal_app.services.groups.posts import moderate, post
from portal_app.services.groups.sharing import share
from portal_app.services.identity.sessions import start_session
from tests.e2e.raw_socket import RawClient, caregiver_without_grant, other_clinic_session
from tests.factories import make_care_team_patient, make_clinician

SPACE = "reflex___state____state.portal_app___state___group_space____group_space_state"
ALERTS = "reflex___state____state.portal_app___state___alerts____alerts_state"
SECRET = "Zebracorn meadow"
CRISIS = "Zebracorn night, I want to kill myself"
SHARED = "Zebracorn phone 555-0100"


def session_of(user_id: uuid.UUID) -> str:
    with session_scope() as db:
        return start_session(db, user_id, now=datetime.now(UTC))


def a_group_with_a_post() -> tuple[uuid.UUID, dict[str, str], dict[str, uuid.UUID]]:
    """A group with one shown post and one held for safety; the sessions of everyone who must
    read nothing; the ids of the member and of the safety hold."""
    now, tag = datetime.now(UTC), uuid.uuid4().hex[:6]
    with session_scope() as db:
        facilitator = make_clinician(db, f"fac.{tag}@example.org", "Dr. Fac")
        group = create_group(
            db,
            facilitator,
            {
                "name": "Evening circle",
                "purpose": "Support",
                "schedule": "Mondays",
                "place": "Room 1",
            },
            now=now,
        )
        member, _ = make_care_team_patient(
            db, f"m.{tag}@example.org", "Mia Member", facilitator.user_id
        )
        outsider, _ = make_care_team_patient(
            db, f"o.{tag}@example.org", "Oli Out", facilitator.user_id
        )
        former, _ = make_care_team_patient(
            db, f"f.{tag}@example.org", "Fay Former", facilitator.user_id
        )
        other_clinician = make_clinician(db, f"oc.{tag}@example.org", "Dr. Other")
        for person, name in ((member, "Blue Heron"), (former, "Quiet Oak")):
            ask_to_join(db, person, group.id, name, rules_accepted=True, now=now)
        for asked in requests_for(db, facilitator, group.id):
            decide(db, facilitator, asked.id, True, now=now)
        first = post(db, member, group.id, SECRET, now=now)
        moderate(db, facilitator, first.post_id, "approve", now=now)
        post(db, member, group.id, CRISIS, now=now)
        share(db, member, group.id, SHARED, understood=True, now=now)
        leave(db, former, group.id, now=now)
        targets = {
            "member": db.exec(
                select(GroupMember.id).where(GroupMember.user_id == member.user_id)
            ).one(),
            "hold": db.exec(
                select(GroupSafetyAlert.id).where(GroupSafetyAlert.group_id == group.id)
            ).one(),
        }
        ids = {
            "outsider": outsider.user_id,
            "former": former.user_id,
            "other_clinician": other_clinician.user_id,
        }
    sessions = {name: session_of(user_id) for name, user_id in ids.items()}
    sessions["caregiver"] = caregiver_without_grant()
    sessions["other_clinic"] = other_clinic_session()
    return group.id, sessions, targets


def posts_in(group_id: uuid.UUID) -> int:
    with session_scope() as db:
        return db.exec(select(func.count()).where(GroupPost.group_id == group_id)).one()


def test_nobody_outside_a_group_reads_or_writes_it(live_server) -> None:
    group_id, sessions, targets = a_group_with_a_post()
    before = posts_in(group_id)
    for who, cookie in sessions.items():
        raw = RawClient(live_server.origin, cookie)
        raw.path = f"/group?id={group_id}"
        raw.send(f"{SPACE}.load_space")
        raw.send(f"{SPACE}.send", form_data={"body": "Intruder was here"})
        raw.send(f"{SPACE}.moderate_post", post_id=str(uuid.uuid4()), action="hide")
        raw.send(f"{SPACE}.take_out_member", member_id=str(targets["member"]))
        raw.send(f"{SPACE}.end_here")
        raw.send(f"{SPACE}.share_contact", form_data={"shared": "Intruder", "understood": "yes"})
        raw.send(f"{SPACE}.stop_share")
        raw.send(f"{SPACE}.remove_share", member_id=str(targets["member"]))
        raw.path = "/alerts"
        raw.send(f"{ALERTS}.load_alerts")
        raw.send(
            f"{ALERTS}.acknowledge_hold", form_data={"alert": str(targets["hold"]), "note": "x"}
        )
        raw.call(f"{SPACE}.start_reply", post_id="x")  # answered after all of the above
        raw.close()
        seen = str(raw.everything)
        assert (
            "Zebracorn" not in seen and "Blue Heron" not in seen and "Evening circle" not in seen
        ), who
    assert posts_in(group_id) == before
    with session_scope() as db:  # nothing anyone sent changed the group
        assert db.get(SupportGroup, group_id).status == "open"
        assert db.get(GroupMember, targets["member"]).status == "member"
        assert db.get(GroupMember, targets["member"]).shared == SHARED
        assert db.exec(select(GroupMember).where(GroupMember.shared == "Intruder")).all() == []
        assert db.get(GroupSafetyAlert, targets["hold"]).acknowledged_at is None
