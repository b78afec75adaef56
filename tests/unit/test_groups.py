"""Support groups as a facilitator, two members and outsiders meet them: the care team's groups
by age and role, private display names, the facilitator letting people in up to the group's
size, first posts and crisis posts held, reports, hiding, pinning, pausing, and a member who
leaves reading nothing at once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from portal_app.models import Patient, Role, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.groups.groups import create_group, end_group, groups_offered
from portal_app.services.groups.membership import (
    ask_to_join,
    decide,
    leave,
    members_of,
    my_groups,
    requests_for,
    take_out,
)
from portal_app.services.groups.posts import (
    moderate,
    post,
    posts_for,
    report,
    set_paused,
)
from portal_app.services.groups.safety import acknowledge_safety, holds_for, open_safety_alerts
from portal_app.services.problems import GroupProblem
from tests.factories import make_care_team_patient, make_clinician

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
GROUP = {
    "name": "Tuesday recovery circle",
    "purpose": "Share what helps, one day at a time.",
    "schedule": "Tuesdays 6 to 7 pm",
    "place": "Room 2",
    "capacity": "4",
    "audience": "adults",
}


def setup(db, tag: str = ""):
    facilitator = make_clinician(db, f"fac{tag}@example.org", "Dr. Fa Cil")
    group = create_group(db, facilitator, GROUP, now=NOW)
    assert not isinstance(group, GroupProblem)
    ana, _ = make_care_team_patient(db, f"ana{tag}@example.org", "Ana Lopez", facilitator.user_id)
    ben, _ = make_care_team_patient(db, f"ben{tag}@example.org", "Ben Okoro", facilitator.user_id)
    return facilitator, group, ana, ben


def join(db, facilitator, group, person, name: str) -> None:
    assert ask_to_join(db, person, group.id, name, rules_accepted=True, now=NOW) is None
    (asked,) = [m for m in requests_for(db, facilitator, group.id) if m.user_id == person.user_id]
    assert decide(db, facilitator, asked.id, True, now=NOW) is None


def test_a_display_name_never_shows_who_someone_is(db) -> None:
    facilitator, group, ana, _ben = setup(db)
    for name, problem in [
        ("Ana", GroupProblem.REAL_NAME),  # her first name
        ("Ana L", GroupProblem.REAL_NAME),
        ("lopez123", GroupProblem.REAL_NAME),
        ("ana.lopez fan", GroupProblem.REAL_NAME),
        ("<b>hi</b>", GroupProblem.DISPLAY_NAME),
        ("x", GroupProblem.DISPLAY_NAME),
    ]:
        got = ask_to_join(db, ana, group.id, name, rules_accepted=True, now=NOW)
        assert got == problem, name
    assert ask_to_join(db, ana, group.id, "Blue Heron", rules_accepted=False, now=NOW) == (
        GroupProblem.RULES
    )
    assert ask_to_join(db, ana, group.id, "Blue Heron", rules_accepted=True, now=NOW) is None
    assert [m.display_name for m in requests_for(db, facilitator, group.id)] == ["Blue Heron"]


def test_groups_are_offered_by_the_care_team_to_the_right_ages_only(db) -> None:
    facilitator, group, ana, _ben = setup(db)
    assert [g.id for g in groups_offered(db, ana, today=NOW.date())] == [group.id]
    other = make_clinician(db, "other.fac@example.org", "Dr. Other")
    stranger, _ = make_care_team_patient(db, "zoe@example.org", "Zoe Far", other.user_id)
    assert groups_offered(db, stranger, today=NOW.date()) == []  # not her care team's group
    assert ask_to_join(db, stranger, group.id, "Night Owl", rules_accepted=True, now=NOW) == (
        GroupProblem.NOT_FOR_YOU
    )
    teen, patient = make_care_team_patient(db, "teo@example.org", "Teo Young", facilitator.user_id)
    patient.date_of_birth = date(2011, 5, 1)  # 15: a teen by the clinic's rules
    db.add(patient)
    db.flush()
    assert groups_offered(db, teen, today=NOW.date()) == []  # an adults' group
    helper = make_clinician(db, "carer@example.org", "Cara Giver", role=Role.CAREGIVER)
    assert groups_offered(db, helper, today=NOW.date()) == []  # groups for caregivers only


def test_the_facilitator_lets_people_in_up_to_the_groups_size(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")
    for n in range(2):
        extra, _ = make_care_team_patient(
            db, f"x{n}@example.org", f"Extra Person{n}", facilitator.user_id
        )
        join(db, facilitator, group, extra, f"Maple Leaf {n}")
    late, _ = make_care_team_patient(db, "late@example.org", "Lia Late", facilitator.user_id)
    assert ask_to_join(db, late, group.id, "Blue Heron", rules_accepted=True, now=NOW) == (
        GroupProblem.NAME_TAKEN
    )
    assert ask_to_join(db, late, group.id, "Green Fern", rules_accepted=True, now=NOW) is None
    (asked,) = requests_for(db, facilitator, group.id)
    assert decide(db, facilitator, asked.id, True, now=NOW) == GroupProblem.FULL
    with pytest.raises(NotFound):
        requests_for(db, ana, group.id)  # a member is not the facilitator


def test_posting_holding_reporting_and_leaving(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")

    first = post(db, ana, group.id, "Hello, I am new here.", now=NOW)
    assert not isinstance(first, GroupProblem) and (first.status, first.held_for) == (
        "held",
        "first_post",
    )
    assert [p.body for p in posts_for(db, ben, group.id)] == []  # waiting: only she sees it
    assert [p.status for p in posts_for(db, ana, group.id)] == ["held"]
    moderate(db, facilitator, first.post_id, "approve", now=NOW)
    (seen,) = posts_for(db, ben, group.id)
    assert (seen.author, seen.body, seen.mine) == ("Blue Heron", "Hello, I am new here.", False)
    assert "Ana" not in seen.author and "Lopez" not in seen.author

    second = post(db, ana, group.id, "Walking helped me today.", now=NOW)
    assert not isinstance(second, GroupProblem) and second.status == "shown"  # trusted now
    reply = post(db, ben, group.id, "Thanks for sharing", reply_to=second.post_id, now=NOW)
    assert not isinstance(reply, GroupProblem) and reply.held_for == "first_post"

    crisis = post(db, ana, group.id, "Some nights I want to kill myself.", now=NOW)
    assert not isinstance(crisis, GroupProblem) and (crisis.status, crisis.held_for) == (
        "held",
        "crisis",
    )  # trusted or not: held, and the page shows her crisis help
    (hold,) = open_safety_alerts(db, facilitator, group.id)
    ana_patient = db.exec(select(Patient.id).where(Patient.user_id == ana.user_id)).one()
    # Members know her as Blue Heron; her facilitator, on her care team, can reach her.
    assert (hold.display_name, hold.patient_id) == ("Blue Heron", ana_patient)
    with pytest.raises(NotFound):
        open_safety_alerts(db, ben, group.id)
    assert acknowledge_safety(db, facilitator, hold.alert_id, "  ", now=NOW) == GroupProblem.EMPTY
    assert acknowledge_safety(db, facilitator, hold.alert_id, "Called her.", now=NOW) is None
    assert open_safety_alerts(db, facilitator, group.id) == []
    assert crisis.post_id not in {p.id for p in posts_for(db, ben, group.id)}

    report(db, ben, second.post_id, now=NOW)
    report(db, ben, second.post_id, now=NOW)  # once per member
    reported = {p.id: p.reports for p in posts_for(db, facilitator, group.id)}
    assert reported[second.post_id] == 1
    moderate(db, facilitator, second.post_id, "hide", now=NOW)
    assert second.post_id not in {p.id for p in posts_for(db, ben, group.id)}

    set_paused(db, facilitator, group.id, True, now=NOW)
    assert post(db, ben, group.id, "anyone there?", now=NOW) == GroupProblem.PAUSED
    set_paused(db, facilitator, group.id, False, now=NOW)

    leave(db, ben, group.id, now=NOW)
    with pytest.raises(NotFound):  # at once, with the next read
        posts_for(db, ben, group.id)
    with pytest.raises(NotFound):
        post(db, ben, group.id, "still here?", now=NOW)


def test_nobody_outside_the_group_reads_or_moderates_it(db) -> None:
    facilitator, group, ana, ben = setup(db)
    join(db, facilitator, group, ana, "Blue Heron")
    shown = post(db, ana, group.id, "Hello", now=NOW)
    assert not isinstance(shown, GroupProblem)
    other_clinician = make_clinician(db, "dr.else@example.org", "Dr. Else")
    for outsider in (ben, other_clinician):  # asked nothing / not the facilitator
        with pytest.raises(NotFound):
            posts_for(db, outsider, group.id)
        with pytest.raises(NotFound):
            moderate(db, outsider, shown.post_id, "hide", now=NOW)
    with pytest.raises(NotFound):
        posts_for(db, Actor(uuid.uuid4(), Role.PATIENT, ana.clinic_id), group.id)
    # A member's account never appears in what is shown: posts carry the membership only.
    person = db.get(User, ana.user_id)
    patient = db.exec(select(Patient).where(Patient.user_id == ana.user_id)).one()
    for item in posts_for(db, facilitator, group.id):
        assert person.email not in item.author and patient.preferred_name not in item.author


def test_the_facilitator_takes_a_member_out_and_ends_the_group(db) -> None:
    facilitator, group, ana, ben = setup(db, "-out")
    join(db, facilitator, group, ana, "Blue Heron")
    join(db, facilitator, group, ben, "Quiet Oak")
    assert [m.display_name for m in members_of(db, facilitator, group.id)] == [
        "Blue Heron",
        "Quiet Oak",
    ]
    with pytest.raises(NotFound):
        members_of(db, ana, group.id)  # members do not list each other
    (oak,) = [m for m in members_of(db, facilitator, group.id) if m.display_name == "Quiet Oak"]
    with pytest.raises(NotFound):
        take_out(db, ana, oak.id, now=NOW)
    take_out(db, facilitator, oak.id, now=NOW)
    with pytest.raises(NotFound):  # at once
        posts_for(db, ben, group.id)
    assert [m.display_name for m in members_of(db, facilitator, group.id)] == ["Blue Heron"]
    join(db, facilitator, group, ben, "Quiet Oak")  # may ask again; the facilitator decides
    assert len(members_of(db, facilitator, group.id)) == 2

    held = post(db, ana, group.id, "I want to kill myself", now=NOW)
    assert not isinstance(held, GroupProblem) and held.held_for == "crisis"
    with pytest.raises(NotFound):
        end_group(db, ana, group.id, now=NOW)
    end_group(db, facilitator, group.id, now=NOW)
    for member in (ana, ben):
        with pytest.raises(NotFound):
            posts_for(db, member, group.id)
        assert my_groups(db, member) == []
        assert group.id not in {g.id for g in groups_offered(db, member, today=NOW.date())}
    assert ask_to_join(db, ana, group.id, "Blue Heron", rules_accepted=True, now=NOW) == (
        GroupProblem.NOT_FOR_YOU
    )
    # The facilitator still reads it, and its open safety hold still waits for a note.
    assert len(posts_for(db, facilitator, group.id)) == 1
    (hold,) = [h for h in holds_for(db, facilitator) if h.group_id == group.id]
    assert hold.body == "I want to kill myself"
