"""The demo clinic looks alive (found: `make run` showed an empty clinic, so nobody could see
what the portal does, and Alex's export had no visits, answers or scores). Checked through the
same services the screens use, on a fresh database seeded the way `portal setup` seeds it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from portal_app.models import Appointment, RiskAlert, Role
from portal_app.services.access import Actor
from portal_app.services.care_team import care_panel, messaging
from portal_app.services.caregivers.helping import people_helped
from portal_app.services.clinic.demo_history import seed_history
from portal_app.services.clinic.demo_seed import demo_id, seed_demo
from portal_app.services.common.migrations import upgrade_database
from portal_app.services.groups.membership import my_groups
from portal_app.services.groups.posts import posts_for
from portal_app.services.groups.sharing import shared_in
from portal_app.services.intake.answers import answer_words, answered_intakes
from portal_app.services.medication import refills
from portal_app.services.records import fhir_export

TODAY = date(2026, 11, 26)
NOW = datetime.combine(TODAY, time(15), tzinfo=UTC)  # 10:00 in New York


@pytest.fixture(scope="module")
def demo(fresh_engine_module) -> Session:
    upgrade_database(fresh_engine_module)
    with Session(fresh_engine_module) as session:
        assert seed_demo(session, TODAY) is True
        assert seed_history(session, TODAY) is True
        session.commit()
        assert seed_history(session, TODAY) is False  # once only
        yield session


def staff(email: str) -> Actor:
    return Actor(demo_id("user", email), Role.CLINICIAN, demo_id("clinic", "steady-demo"))


def panel_of(demo: Session, email: str) -> dict[str, care_panel.PanelRow]:
    rows = care_panel.care_panel(demo, staff(email), now=NOW, today=TODAY)
    return {row.name.split()[0]: row for row in rows}


def test_the_panels_show_one_improving_one_worsening_one_quiet_and_an_open_alert(demo) -> None:
    rivera, chen = panel_of(demo, "dr.rivera@example.org"), panel_of(demo, "dr.chen@example.org")
    alex, taylor = rivera["Alex"], rivera["Taylor"]
    assert alex.scores["phq9"][0] < alex.scores["phq9"][1] and alex.rising == []
    assert "rising" in taylor.flags and taylor.scores["phq9"] == (18, 13)
    assert chen["Riley"].quiet_days == 21 and "quiet" in chen["Riley"].flags
    assert chen["Casey"].open_alerts == 1 and "alert" in chen["Casey"].flags
    assert next(iter(chen)) == "Casey"  # danger first
    assert chen["Quinn"].open_alerts == 0
    assert "refill" in alex.flags and "message" in taylor.flags
    # The scheduled measures have a story too: Alex's PCL-5 falls, Taylor's AUDIT rises.
    assert alex.scores["pcl5"] == (29, 35) and "pcl5" not in alex.rising
    assert taylor.scores["audit"] == (13, 8) and set(taylor.rising) == {"phq9", "audit"}


def test_alex_answered_the_intake_form_before_the_first_visit(demo) -> None:
    alex = demo_id("patient", "alex@example.org")
    (intake,) = answered_intakes(demo, staff("dr.rivera@example.org"), alex, now=NOW)
    assert intake.title_en == "New patient questions"
    assert [answer_words(q, "en") for q in intake.answers][1:3] == ["My doctor", "No"]


def test_alex_and_taylor_talk_in_dr_riveras_group_under_the_names_they_picked(demo) -> None:
    alex = Actor(
        demo_id("user", "alex@example.org"), Role.PATIENT, demo_id("clinic", "steady-demo")
    )
    ((group, member),) = my_groups(demo, alex)
    assert (group.name, member.display_name) == ("Tuesday evening circle", "River Stone")
    shown = posts_for(demo, alex, group.id)
    assert {p.author for p in shown} == {"River Stone", "Blue Sky"}
    assert all(p.status == "shown" for p in shown) and len(shown) == 5
    assert shown[0].pinned and shown[0].body.startswith("Tip:")
    assert sum(p.reply_to is not None for p in shown) == 2
    words = " ".join(p.author + p.body for p in shown)
    assert not any(name in words for name in ("Alex", "Morgan", "Taylor", "Brooks"))
    # Only by choice: Taylor shared a first name with the group, Alex shared nothing.
    ((shared),) = shared_in(demo, alex, group.id)
    assert (shared.display_name, shared.text.split(".")[0]) == ("Blue Sky", "Taylor")


def test_the_closed_alert_has_the_clinicians_note(demo) -> None:
    quinn = demo.exec(
        select(RiskAlert).where(RiskAlert.patient_id == demo_id("patient", "quinn@example.org"))
    ).one()
    assert quinn.acknowledged_by == demo_id("user", "dr.chen@example.org")
    assert "safety plan" in quinn.note and quinn.opened_at.date() == TODAY - timedelta(days=21)


def test_ten_weeks_of_check_ins_and_visits_both_past_and_coming(demo) -> None:
    alex = Actor(
        demo_id("user", "alex@example.org"), Role.PATIENT, demo_id("clinic", "steady-demo")
    )
    visits = demo.exec(
        select(Appointment).where(Appointment.patient_id == demo_id("patient", "alex@example.org"))
    ).all()
    statuses = Counter((v.status, v.starts_at.replace(tzinfo=UTC) > NOW) for v in visits)
    assert statuses[("completed", False)] == 5 and statuses[("booked", True)] == 1
    threads = messaging.threads_of_patient(demo, alex, None, now=NOW)
    assert len(threads) == 2
    assert [r.status for r in refills.refills_of(demo, alex, alex_patient(), now=NOW)] == [
        "pending"
    ]


def alex_patient():
    return demo_id("patient", "alex@example.org")


def test_the_guardian_and_the_caregiver_each_help_one_person(demo) -> None:
    for email, name in (("sam@example.org", "Alex"), ("morgan.lee@example.org", "Jordan")):
        me = Actor(demo_id("user", email), Role.CAREGIVER, demo_id("clinic", "steady-demo"))
        assert [h.name.split()[0] for h in people_helped(demo, me, now=NOW)] == [name]


def test_alexs_export_carries_visits_answers_and_coded_scores(demo) -> None:
    bundle = fhir_export.everything(demo, None, alex_patient(), now=NOW)
    kinds = Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])
    assert kinds["Appointment"] >= 6 and kinds["QuestionnaireResponse"] >= 12
    codes = {
        coding["code"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        for coding in entry["resource"]["code"].get("coding", [])
        if coding.get("system") == "http://loinc.org"
    }
    assert {"44261-6", "70274-6"} <= codes  # PHQ-9 and GAD-7 totals
