"""Sharing a name or phone with the group is the member's choice, in their own words, seen by
the group's members and facilitator only, and taken back by stopping, leaving or being taken
out. Words that may mean danger are never shared: they reach the facilitator as a post held
for safety, also while the space is paused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent
from portal_app.services.access import NotFound
from portal_app.services.groups.groups import create_group
from portal_app.services.groups.membership import leave, members_of, take_out
from portal_app.services.groups.posts import post, set_paused
from portal_app.services.groups.safety import open_safety_alerts
from portal_app.services.groups.sharing import remove_shared, share, shared_in, stop_sharing
from portal_app.services.problems import GroupProblem
from tests.factories import make_care_team_patient, make_clinician
from tests.unit.test_groups import GROUP, NOW, join, setup

CONTACT = "I am Ana. Text me at 555-0100."


def test_a_member_shares_by_choice_and_only_the_group_sees_it(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")
    assert shared_in(db, ben, group.id) == []  # nothing is shared unless someone chooses to

    for text, understood, problem in [
        ("   ", True, GroupProblem.SHARE_EMPTY),
        ("x" * 201, True, GroupProblem.SHARE_LONG),
        (CONTACT, False, GroupProblem.SHARE_UNDERSTOOD),
    ]:
        assert share(db, ana, group.id, text, understood=understood, now=NOW) == problem
    assert shared_in(db, ben, group.id) == []
    assert share(db, ana, group.id, f"  {CONTACT} ", understood=True, now=NOW) is None

    for reader in (ben, ana, facilitator):
        (seen,) = shared_in(db, reader, group.id)
        assert (seen.display_name, seen.text) == ("Blue Heron", CONTACT)
        assert seen.mine is (reader is ana)
    outsider, _ = make_care_team_patient(db, "cy@example.org", "Cy Ode", facilitator.user_id)
    other_clinician = make_clinician(db, "dr.else@example.org", "Dr. Else")
    for nobody in (outsider, other_clinician):
        with pytest.raises(NotFound):
            shared_in(db, nobody, group.id)
        with pytest.raises(NotFound):
            share(db, nobody, group.id, "Call me", understood=True, now=NOW)

    events = db.exec(
        select(AuditEvent).where(
            AuditEvent.action == "group.contact_shared", AuditEvent.actor_id == ana.user_id
        )
    ).all()
    assert len(events) == 1 and "555-0100" not in str(events[0].model_dump())  # no text

    stop_sharing(db, ana, group.id, now=NOW)
    assert shared_in(db, ben, group.id) == []


def test_leaving_or_being_taken_out_stops_sharing(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")
    assert share(db, ana, group.id, CONTACT, understood=True, now=NOW) is None
    assert share(db, ben, group.id, "Ben, ben@example.org", understood=True, now=NOW) is None
    leave(db, ana, group.id, now=NOW)
    assert [s.display_name for s in shared_in(db, ben, group.id)] == ["Quiet Oak"]
    (ben_row,) = members_of(db, facilitator, group.id)
    take_out(db, facilitator, ben_row.id, now=NOW)
    assert shared_in(db, facilitator, group.id) == []
    with pytest.raises(NotFound):
        share(db, ana, group.id, CONTACT, understood=True, now=NOW)


def test_teen_groups_share_no_contact_details(db) -> None:
    facilitator = make_clinician(db, "fac.teen@example.org", "Dr. Fa Cil")
    teens = create_group(db, facilitator, {**GROUP, "audience": "teens"}, now=NOW)
    assert not isinstance(teens, GroupProblem)
    teen, patient = make_care_team_patient(db, "tim@example.org", "Tim Young", facilitator.user_id)
    patient.date_of_birth = date(2011, 5, 1)  # 15: a teen by the clinic's rules
    db.add(patient)
    join(db, facilitator, teens, teen, "Green Fern")
    got = share(db, teen, teens.id, "Snap me at timmy", understood=True, now=NOW)
    assert got == GroupProblem.SHARE_TEENS
    assert shared_in(db, teen, teens.id) == []


def test_words_of_danger_are_never_shared_and_reach_the_facilitator(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")
    got = share(db, ana, group.id, "I want to kill myself. Call me", understood=True, now=NOW)
    assert got == GroupProblem.SHARE_CRISIS
    assert shared_in(db, ben, group.id) == []
    (hold,) = open_safety_alerts(db, facilitator, group.id)
    assert hold.display_name == "Blue Heron"


def test_a_crisis_post_is_held_and_raised_even_while_posting_is_paused(db) -> None:
    facilitator, group, ana, _ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    set_paused(db, facilitator, group.id, True, now=NOW)
    assert post(db, ana, group.id, "anyone there?", now=NOW) == GroupProblem.PAUSED
    held = post(db, ana, group.id, "I want to end my life tonight", now=NOW)
    assert not isinstance(held, GroupProblem) and held.held_for == "crisis"
    (hold,) = open_safety_alerts(db, facilitator, group.id)
    assert hold.display_name == "Blue Heron"


def test_the_facilitator_takes_down_a_shared_line_and_nobody_else_can(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")
    assert share(db, ana, group.id, "Call Ben at 555-0199", understood=True, now=NOW) is None
    rows = {m.display_name: m.id for m in members_of(db, facilitator, group.id)}
    other_clinician = make_clinician(db, "dr.other@example.org", "Dr. Other")
    for nobody in (ben, ana, other_clinician):  # members, even the writer, and other staff
        with pytest.raises(NotFound):
            remove_shared(db, nobody, rows["Blue Heron"], now=NOW)
    assert [s.display_name for s in shared_in(db, ben, group.id)] == ["Blue Heron"]
    remove_shared(db, facilitator, rows["Blue Heron"], now=NOW)
    assert shared_in(db, ben, group.id) == []
    assert [m.display_name for m in members_of(db, facilitator, group.id)] == [
        "Blue Heron",
        "Quiet Oak",
    ]  # still in the group, and may share again
    assert share(db, ana, group.id, "I am Ana", understood=True, now=NOW) is None
