"""Check-ins and answers from a device: stored once, patient from the session, alerts at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from portal_app.models import (
    CareTeamMembership,
    CheckIn,
    Patient,
    QuestionnaireResponse,
    RiskAlert,
    Role,
    User,
)
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures.journal import _CheckIns, check_ins_of, open_alerts, sync
from tests.factories import make_patient

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 10:00 in New York
CLINIC = demo_id("clinic", "steady-demo")
RIVERA = Actor(demo_id("user", "dr.rivera@example.org"), Role.CLINICIAN, CLINIC)


def patient_actor(db, email: str) -> tuple[Actor, Patient]:
    user = make_patient(db, email, "Lou Test")
    patient = db.exec(select(Patient).where(Patient.user_id == user.id)).one()
    db.add(CareTeamMembership(patient_id=patient.id, clinician_id=RIVERA.user_id, is_primary=True))
    db.flush()
    return Actor(user.id, Role.PATIENT, CLINIC), patient


@pytest.fixture
def lou(db) -> tuple[Actor, Patient]:
    return patient_actor(db, "lou.journal@example.org")


def check_in(entry_id: uuid.UUID | None = None, **change) -> dict:
    entry = {
        "kind": "check_in",
        "id": str(entry_id or uuid.uuid4()),
        "recorded_at": (T0 - timedelta(minutes=5)).isoformat(),
        "mood": 3,
        "anxiety": 1,
        "sleep_hours": 7.5,
        "tags": ["worked"],
        "note": "",
    }
    return {**entry, **change}


def answers(
    instrument: str, values: list, entry_id: uuid.UUID | None = None, submitted: bool = True
) -> dict:
    return {
        "kind": "questionnaire",
        "id": str(entry_id or uuid.uuid4()),
        "recorded_at": (T0 - timedelta(minutes=3)).isoformat(),
        "instrument": instrument,
        "answers": values,
        "submitted": submitted,
    }


def test_replaying_a_batch_three_times_stores_each_entry_once(db, lou) -> None:
    actor, patient = lou
    batch = [check_in(), check_in(mood=5), answers("gad7", [1, 1, 1, 1, 1, 1, 1])]
    for _ in range(3):
        result = sync(db, actor, batch, now=T0)
        assert sorted(result.accepted) == sorted(e["id"] for e in batch) and result.rejected == []
    assert len(db.exec(select(CheckIn).where(CheckIn.patient_id == patient.id)).all()) == 2
    stored = db.get(QuestionnaireResponse, uuid.UUID(batch[2]["id"]))
    assert (stored.total, stored.severity, stored.complete) == (7, "mild", True)


def test_the_same_day_entry_can_be_edited_an_older_one_cannot(db, lou) -> None:
    actor, _ = lou
    today_id, old_id = uuid.uuid4(), uuid.uuid4()
    old_time = (T0 - timedelta(days=2)).isoformat()
    sync(db, actor, [check_in(today_id), check_in(old_id, recorded_at=old_time)], now=T0)
    result = sync(
        db,
        actor,
        [check_in(today_id, mood=1), check_in(old_id, recorded_at=old_time, mood=1)],
        now=T0,
    )
    assert len(result.accepted) == 2
    assert db.get(CheckIn, today_id).mood == 1 and db.get(CheckIn, old_id).mood == 3


def test_another_patients_id_is_refused_and_their_entry_untouched(db, lou) -> None:
    actor, _ = lou
    other, _ = patient_actor(db, "max.journal@example.org")
    theirs = uuid.uuid4()
    sync(db, other, [check_in(theirs, note="mine")], now=T0)
    result = sync(db, actor, [check_in(theirs, note="overwritten?")], now=T0)
    assert result.accepted == [] and result.rejected == [
        {"id": str(theirs), "problem": "unknown id"}
    ]
    assert db.get(CheckIn, theirs).note == "mine"


def test_an_id_twice_in_one_batch_is_stored_once_with_the_later_values(db, lou) -> None:
    actor, patient = lou
    twice = uuid.uuid4()
    result = sync(db, actor, [check_in(twice, mood=2), check_in(twice, mood=4)], now=T0)
    assert result.accepted == [str(twice), str(twice)] and result.rejected == []
    rows = db.exec(select(CheckIn).where(CheckIn.patient_id == patient.id)).all()
    assert [(row.id, row.mood) for row in rows] == [(twice, 4)]


def test_an_id_another_request_stores_first_is_refused_the_rest_kept(db, lou) -> None:
    """A race: between reading the batch's ids and inserting them, another patient's request
    stores one of the same ids. The batch falls back to one by one and refuses only that."""
    _, patient = lou
    other, _ = patient_actor(db, "max.race@example.org")
    raced, mine = uuid.uuid4(), uuid.uuid4()
    batch = _CheckIns.read(db, [raced, mine])
    for entry_id in (raced, mine):
        batch.new[entry_id] = CheckIn(
            id=entry_id, patient_id=patient.id, local_date=T0.date(), mood=3, anxiety=1,
            recorded_at=T0, created_at=T0,
        )  # fmt: skip
    sync(db, other, [check_in(raced, note="theirs")], now=T0)
    assert batch.insert_new(db, patient.id) == {raced}
    assert db.get(CheckIn, raced).note == "theirs"
    assert db.get(CheckIn, mine).patient_id == patient.id


def test_a_full_outbox_is_stored_in_a_few_statements_not_one_per_entry(db, lou) -> None:
    actor, _ = lou
    statements: list[str] = []
    engine = db.get_bind().engine

    def count(conn, cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = sync(db, actor, [check_in() for _ in range(100)], now=T0)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(result.accepted) == 100
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO CHECKIN")]
    assert len(inserts) <= 2 and len(statements) <= 20, statements


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"mood": 6}, "invalid mood"),
        ({"sleep_hours": 7.3}, "invalid sleep_hours"),
        ({"tags": ["<script>"]}, "invalid tags"),
        ({"note": "x" * 2001}, "invalid note"),
        ({"total": 0}, "invalid total"),  # scores are never taken from the device
        ({"kind": "diary"}, "unknown kind"),
        ({"recorded_at": "2026-11-26T09:00:00"}, "recorded_at needs a time zone"),
        ({"recorded_at": "2026-09-01T09:00:00+00:00"}, "recorded_at is too old or in the future"),
        ({"id": "not-a-uuid"}, "invalid id"),
    ],
)
def test_entries_that_do_not_fit_are_refused_with_a_reason(db, lou, change, problem) -> None:
    actor, _ = lou
    good = check_in()
    result = sync(db, actor, [check_in(**change), good], now=T0)
    assert result.accepted == [good["id"]] and result.rejected[0]["problem"] == problem


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.CLINIC_ADMIN, Role.CAREGIVER])
def test_only_patients_send_their_own_entries(db, role: Role) -> None:
    with pytest.raises(NotFound):
        sync(db, Actor(RIVERA.user_id, role, CLINIC), [check_in()], now=T0)


def test_item9_raises_an_alert_at_once_and_the_screener_sets_its_level(db, lou) -> None:
    actor, patient = lou
    phq9 = uuid.uuid4()
    partial = [0, 0, 0, 0, None, None, None, None, 1]
    assert sync(db, actor, [answers("phq9", partial, phq9, submitted=False)], now=T0).alerts == 1
    assert sync(db, actor, [answers("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], phq9)], now=T0).alerts == 0
    alert = db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).one()
    assert (alert.reason, alert.level, alert.acknowledged_at) == ("phq9_item9", "pending", None)
    screener = uuid.uuid4()
    sync(db, actor, [answers("cssrs", [1, 0, None, None, None, 0, None], screener, False)], now=T0)
    assert alert.level == "low"
    sync(db, actor, [answers("cssrs", [1, 1, 0, 1, 0, 0, None], screener, False)], now=T0)
    sync(db, actor, [answers("cssrs", [1, 1, 0, 1, 0, 0, None], screener)], now=T0)  # sent in
    assert alert.level == "high"  # the answer changed before sending: the level follows it
    assert len(db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).all()) == 1
    assert [a.id for a in open_alerts(db, RIVERA, patient.id, now=T0)] == [alert.id]


def test_each_alert_carries_the_level_of_its_own_screener(db, lou) -> None:
    """Two item-9 alerts open at once: a screener sets the level of the PHQ-9 it followed,
    never an older alert that is still waiting (found as an open bug: it took the first)."""
    actor, patient = lou
    first, second = answers("phq9", [0] * 8 + [1]), answers("phq9", [0] * 8 + [2])
    first["recorded_at"] = (T0 - timedelta(hours=3)).isoformat()  # its screener was never done
    assert sync(db, actor, [first], now=T0 - timedelta(hours=3)).alerts == 1
    assert sync(db, actor, [second], now=T0).alerts == 1
    sync(db, actor, [answers("cssrs", [1, 1, 0, 1, 0, 0, None])], now=T0)
    levels = {
        str(a.response_id): a.level
        for a in db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).all()
    }
    assert levels == {first["id"]: "pending", second["id"]: "high"}
    # The older one's own screener, answered later, still reaches the older one only if it
    # is the newest waiting: here the newest waiting is the first, as the second has a level.
    sync(db, actor, [answers("cssrs", [1, 0, None, None, None, 0, None])], now=T0)
    levels = {
        str(a.response_id): a.level
        for a in db.exec(select(RiskAlert).where(RiskAlert.patient_id == patient.id)).all()
    }
    assert levels == {first["id"]: "low", second["id"]: "high"}


def test_a_submitted_response_no_longer_changes(db, lou) -> None:
    actor, _ = lou
    gad = uuid.uuid4()
    sync(db, actor, [answers("gad7", [3, 3, 3, 3, 3, 3, 3], gad)], now=T0)
    sync(db, actor, [answers("gad7", [0, 0, 0, 0, 0, 0, 0], gad)], now=T0)
    assert db.get(QuestionnaireResponse, gad).total == 21


def test_care_team_reads_check_ins_other_clinicians_cannot(db, lou) -> None:
    actor, patient = lou
    sync(db, actor, [check_in()], now=T0)
    assert (
        len(check_ins_of(db, RIVERA, patient.id, since=T0.date() - timedelta(days=7), now=T0)) == 1
    )
    chen = Actor(demo_id("user", "dr.chen@example.org"), Role.CLINICIAN, CLINIC)
    with pytest.raises(NotFound):
        check_ins_of(db, chen, patient.id, since=T0.date(), now=T0)
    assert db.get(User, actor.user_id) is not None


def test_own_tags_are_tidied_checked_and_usable_in_check_ins(db, lou) -> None:
    from portal_app.services.measures.journal import own_tags, set_own_tags

    actor, _ = lou
    assert set_own_tags(db, actor, ["  walked  the dog ", "Walked the dog", "café"], now=T0) == ""
    assert own_tags(db, actor, now=T0) == ["walked the dog", "café"]
    assert set_own_tags(db, actor, ["<script>"], now=T0) == "check_in.tag_invalid"
    assert (
        set_own_tags(db, actor, [f"tag {i}" for i in range(11)], now=T0) == "check_in.tags_too_many"
    )
    assert own_tags(db, actor, now=T0) == ["walked the dog", "café"]  # unchanged by refusals
    result = sync(db, actor, [check_in(tags=["worked", "walked the dog"])], now=T0)
    assert result.rejected == []
    with pytest.raises(NotFound):
        set_own_tags(db, RIVERA, ["x"], now=T0)


def test_answers_sent_together_keep_the_order_they_were_answered_in(db, lou) -> None:
    """An outbox with two PHQ-9s (answered days apart) arrives in one batch: the newer one is
    the latest everywhere (found: both got the same time, and PostgreSQL put them either way)."""
    actor, patient = lou
    older = {**answers("phq9", [1] * 9), "recorded_at": (T0 - timedelta(days=3)).isoformat()}
    newer = {**answers("phq9", [3] * 9), "recorded_at": (T0 - timedelta(days=1)).isoformat()}
    assert len(sync(db, actor, [newer, older], now=T0).accepted) == 2
    rows = db.exec(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.patient_id == patient.id)
        .order_by(col(QuestionnaireResponse.submitted_at))
    ).all()
    assert [r.total for r in rows] == [9, 27]
    assert rows[0].submitted_at < rows[1].submitted_at
