"""Secure messages: only the patient and their care team read a thread; the team's inbox puts
waiting threads first; hand-offs, team notes, done; drafts; read status; new-message reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import CareTeamMembership, Reminder, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.care_team.care_team_inbox import (
    delete_reply_text,
    hand_to,
    inbox_for,
    inbox_version,
    mark_done,
    save_reply_text,
    saved_replies,
)
from portal_app.services.care_team.drafts import clear_draft, draft_of, keep_draft
from portal_app.services.care_team.messaging import (
    check_text,
    open_thread,
    reply,
    start_thread,
    thread_version,
    threads_of_patient,
    unread_for_patient,
)
from portal_app.services.clinic.demo_seed import demo_id
from tests.factories import make_care_team_patient

CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)
CHEN = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


@pytest.fixture
def pair(db):
    """A patient on Dr. Rivera's team only, and their first message."""
    patient_actor, patient = make_care_team_patient(
        db, "msg@example.org", "Mo Sender", RIVERA.user_id
    )
    thread = start_thread(db, patient_actor, None, "Sleep", "I can't sleep.", now=NOW)
    return patient_actor, patient, thread


def test_a_patient_message_waits_in_the_team_inbox_until_someone_answers(db, pair) -> None:
    patient_actor, patient, thread = pair
    waiting = inbox_for(db, RIVERA, show="waiting", now=NOW)
    assert [t.id for t in waiting if t.patient_id == patient.id] == [thread.id]
    assert waiting[[t.id for t in waiting].index(thread.id)].patient_name == "Mo Sender"

    reply(db, RIVERA, thread.id, "Let's talk about it on Monday.", now=NOW + timedelta(hours=1))
    assert thread.id not in [t.id for t in inbox_for(db, RIVERA, show="waiting", now=NOW)]
    assert thread.id in [t.id for t in inbox_for(db, RIVERA, show="all", now=NOW)]

    # A new message from the patient puts it back, waiting since that message.
    later = NOW + timedelta(hours=2)
    reply(db, patient_actor, thread.id, "Thank you.", now=later)
    again = [t for t in inbox_for(db, RIVERA, show="waiting", now=NOW) if t.id == thread.id]
    assert again and again[0].waiting_since.replace(tzinfo=UTC) == later


def test_waiting_threads_come_oldest_first(db) -> None:
    first, _ = make_care_team_patient(db, "old@example.org", "Old Wait", RIVERA.user_id)
    second, _ = make_care_team_patient(db, "new@example.org", "New Wait", RIVERA.user_id)
    newer = start_thread(db, second, None, "B", "later", now=NOW)
    older = start_thread(db, first, None, "A", "earlier", now=NOW - timedelta(days=2))
    ids = [t.id for t in inbox_for(db, RIVERA, show="waiting", now=NOW)]
    assert ids.index(older.id) < ids.index(newer.id)


def test_only_the_patient_and_their_care_team_can_read_or_write(db, pair) -> None:
    _, _, thread = pair
    other_patient, _ = make_care_team_patient(db, "nosy@example.org", "Nosy", RIVERA.user_id)
    for outsider in (CHEN, other_patient):
        with pytest.raises(NotFound):
            open_thread(db, outsider, thread.id, now=NOW)
        with pytest.raises(NotFound):
            reply(db, outsider, thread.id, "hello", now=NOW)
        assert thread_version(db, outsider, thread.id) is None
    assert thread.id not in [t.id for t in inbox_for(db, CHEN, show="all", now=NOW)]


def test_read_status_and_unread_counts_follow_each_side(db, pair) -> None:
    patient_actor, _, thread = pair
    before = open_thread(db, patient_actor, thread.id, now=NOW)
    assert before.messages[0].read_by_team is False
    version = thread_version(db, patient_actor, thread.id)

    open_thread(db, RIVERA, thread.id, now=NOW + timedelta(minutes=5))
    assert thread_version(db, patient_actor, thread.id) > version  # open pages notice
    assert open_thread(db, patient_actor, thread.id, now=NOW).messages[0].read_by_team is True

    reply(db, RIVERA, thread.id, "Here for you.", now=NOW + timedelta(minutes=6))
    assert unread_for_patient(db, patient_actor) == 1
    assert threads_of_patient(db, patient_actor, None, now=NOW)[0].unread == 1
    open_thread(db, patient_actor, thread.id, now=NOW + timedelta(minutes=7))
    assert unread_for_patient(db, patient_actor) == 0


def test_a_team_answer_sends_one_neutral_message_reminder(db, pair) -> None:
    _, patient, thread = pair
    message = reply(db, RIVERA, thread.id, "Your lab results are fine.", now=NOW)
    rows = db.exec(select(Reminder).where(Reminder.patient_id == patient.id)).all()
    assert [(r.kind, r.key) for r in rows] == [("message", f"message:{message.id}")]


def test_hand_off_needs_a_colleague_on_the_team_and_its_note_stays_with_the_team(db, pair) -> None:
    patient_actor, _, thread = pair
    assert hand_to(db, RIVERA, thread.id, CHEN.user_id, "", now=NOW) == "inbox.not_on_team"
    assert hand_to(db, RIVERA, thread.id, RIVERA.user_id, "I'll call her.", now=NOW) == ""
    mine = inbox_for(db, RIVERA, show="mine", now=NOW)
    assert [t.handler_name for t in mine if t.id == thread.id] == ["Dr. Ana Rivera"]
    team_view = open_thread(db, RIVERA, thread.id, now=NOW)
    assert [n.body for n in team_view.notes] == ["I'll call her."]
    patient_view = open_thread(db, patient_actor, thread.id, now=NOW)
    assert patient_view.notes == []
    assert "I'll call her." not in [m.body for m in patient_view.messages]
    with pytest.raises(NotFound):
        hand_to(db, patient_actor, thread.id, RIVERA.user_id, "", now=NOW)


def test_done_takes_a_thread_out_of_the_waiting_list(db, pair) -> None:
    _, _, thread = pair
    version = inbox_version(db, RIVERA)
    mark_done(db, RIVERA, thread.id, now=NOW)
    assert inbox_version(db, RIVERA) > version
    assert thread.id not in [t.id for t in inbox_for(db, RIVERA, show="waiting", now=NOW)]
    assert open_thread(db, RIVERA, thread.id, now=NOW).done is True


def test_saved_replies_belong_to_their_author(db) -> None:
    assert save_reply_text(db, RIVERA, "", "x") == "inbox.saved_missing"
    assert save_reply_text(db, RIVERA, "Thanks", "Thank you for writing.") == ""
    (saved,) = [r for r in saved_replies(db, RIVERA) if r.title == "Thanks"]
    assert "Thanks" not in [r.title for r in saved_replies(db, CHEN)]
    with pytest.raises(NotFound):
        delete_reply_text(db, CHEN, saved.id)
    delete_reply_text(db, RIVERA, saved.id)
    assert "Thanks" not in [r.title for r in saved_replies(db, RIVERA)]


def test_drafts_come_back_until_cleared(db, pair) -> None:
    patient_actor, _, _ = pair
    keep_draft(db, patient_actor.user_id, "new", "Refill", "I need more", now=NOW)
    assert draft_of(db, patient_actor.user_id, "new") == ("Refill", "I need more")
    assert draft_of(db, RIVERA.user_id, "new") == ("", "")
    clear_draft(db, patient_actor.user_id, "new")
    assert draft_of(db, patient_actor.user_id, "new") == ("", "")


@pytest.mark.parametrize(
    ("subject", "body", "problem"),
    [
        ("", "hi", "messages.subject_missing"),
        ("x" * 121, "hi", "messages.subject_long"),
        ("Hi", "   ", "messages.body_missing"),
        ("Hi", "x" * 5001, "messages.body_long"),
        (None, "fine", ""),
    ],
)
def test_message_text_checks(subject, body, problem) -> None:
    assert check_text(subject, body) == problem


def test_a_handed_thread_closes_only_with_a_note_and_its_handler_is_told(db, pair) -> None:
    """Found: a thread handed to a colleague could be marked done by anyone, silently."""
    _, patient, thread = pair
    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=CHEN.user_id))
    db.flush()
    outbox: list = []
    tell = {"tell": outbox.append, "origin": "https://portal.test"}
    assert hand_to(db, RIVERA, thread.id, CHEN.user_id, "Can you take this?", now=NOW, **tell) == ""
    (handed,) = outbox
    assert handed["To"] == "dr.chen@example.org"
    assert "Mo" not in handed.as_string() and "Sleep" not in handed.as_string()
    assert "https://portal.test/messages" in handed.get_content()

    assert mark_done(db, RIVERA, thread.id, "  ", now=NOW, **tell) == "inbox.done_needs_note"
    assert open_thread(db, RIVERA, thread.id, now=NOW).done is False
    assert mark_done(db, RIVERA, thread.id, "She called; all sorted.", now=NOW, **tell) == ""
    assert open_thread(db, RIVERA, thread.id, now=NOW).done is True
    closed = outbox[-1]
    assert closed["To"] == "dr.chen@example.org" and "marked" in closed["Subject"]
    notes = [n.body for n in open_thread(db, CHEN, thread.id, now=NOW).notes]
    assert notes[-1] == "She called; all sorted."
    # The handler closes their own thread without a note, and nobody is emailed.
    sent = len(outbox)
    assert mark_done(db, CHEN, thread.id, now=NOW, **tell) == ""
    assert len(outbox) == sent
