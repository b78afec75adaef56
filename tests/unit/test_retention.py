"""Retention: each rule deletes its old rows and keeps the recent ones; clinical records and
the audit trail are never touched; a clinic's own setting applies to its people only; an
hour's run happens once however many workers try, and is audited with its counts."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from portal_app.models import (
    AuditEvent,
    AuthSession,
    CheckIn,
    DocumentDraft,
    FailedSignIn,
    Message,
    MessageAttachment,
    MessageDraft,
    PasskeyChallenge,
    Patient,
    PushAttempt,
    QuestionnaireResponse,
    Reminder,
    RetentionRun,
    RiskAlert,
    SignInToken,
    SsoAttempt,
    StoredFile,
    VisitRequest,
)
from portal_app.services.clinic.demo_second_clinic import SECOND_CLINIC_SLUG
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.common import file_store
from portal_app.services.operations.retention import RetentionProblem, run_retention, set_days
from tests.factories import make_patient

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)  # after everything the demo holds
RIVERSIDE = demo_id("clinic", "steady-demo")
HARBOR = demo_id("clinic", SECOND_CLINIC_SLUG)
CLINICAL = (CheckIn, QuestionnaireResponse, Message, RiskAlert, AuditEvent)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def some_hash() -> str:
    return hashlib.sha256(uuid.uuid4().bytes).hexdigest()


def rows_of_a_person(db: Session, user_id: uuid.UUID, clinic_id: uuid.UUID, days: float) -> dict:
    """One row of every kind retention looks at, `days` old; returns the ids by rule."""
    at = ago(days)
    patient = db.exec(select(Patient).where(Patient.user_id == user_id)).one()
    made = {
        "sessions": AuthSession(
            token_hash=some_hash(), user_id=user_id, created_at=at, last_seen_at=at, expires_at=at
        ),
        "sign_in_tokens": SignInToken(
            token_hash=some_hash(),
            user_id=user_id,
            purpose="email_link",
            created_at=at,
            expires_at=at,
        ),
        "sso_attempts": SsoAttempt(
            state_hash=some_hash(), clinic_id=clinic_id, nonce="n", code_verifier="v", created_at=at
        ),
        "message_drafts": MessageDraft(
            user_id=user_id, place=f"new-{uuid.uuid4().hex[:6]}", body="typed", updated_at=at
        ),
        "closed_visit_requests": VisitRequest(
            clinic_id=clinic_id,
            name="Robin",
            contact_by="call",
            best_time="any",
            for_whom="me",
            client_key=some_hash(),
            status="closed",
            created_at=at,
        ),
    }
    reminder = Reminder(
        key=f"t:{uuid.uuid4()}",
        patient_id=patient.id,
        user_id=user_id,
        kind="check_in",
        scheduled_for=at,
        due_at=at,
        status="sent",
    )
    made["delivered_reminders"] = reminder
    db.add_all([*made.values()])
    db.flush()
    made["push_attempts"] = PushAttempt(reminder_id=reminder.id, at=at, outcome="sent")
    attachment = MessageAttachment(
        uploaded_by=user_id,
        patient_id=patient.id,
        file_name="a.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
        created_at=at,
    )
    draft = DocumentDraft(
        patient_id=patient.id,
        staged_by=user_id,
        file_name="d.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
        created_at=at,
    )
    made["unsent_attachments"], made["document_drafts"] = attachment, draft
    db.add_all([made["push_attempts"], attachment, draft])
    db.flush()
    file_store.put(db, f"attachment/{attachment.id.hex}", b"pdf", now=at)
    file_store.put(db, f"record-draft/{draft.id.hex}", b"pdf", now=at)
    db.add(
        CheckIn(
            id=uuid.uuid4(),
            patient_id=patient.id,
            local_date=at.date(),
            mood=3,
            anxiety=2,
            recorded_at=at,
            created_at=at,
        )
    )
    db.flush()
    return made


def still_there(db: Session, made: dict) -> set[str]:
    db.expire_all()
    return {rule for rule, row in made.items() if db.get(type(row), _key(row)) is not None}


def _key(row: object) -> object:
    mapper = type(row).__table__.primary_key.columns  # type: ignore[attr-defined]
    values = tuple(getattr(row, c.name) for c in mapper)
    return values[0] if len(values) == 1 else values


def counts(db: Session) -> dict[str, int]:
    return {m.__name__: db.exec(select(func.count()).select_from(m)).one() for m in CLINICAL}


def test_each_rule_deletes_old_rows_keeps_recent_ones_and_never_clinical_records(db) -> None:
    user = make_patient(db, f"keep.{uuid.uuid4().hex[:6]}@example.org", "Kim Keep")
    old = rows_of_a_person(db, user.id, RIVERSIDE, days=400)
    recent = rows_of_a_person(db, user.id, RIVERSIDE, days=0.5)
    for stamp in (ago(400), ago(0.5)):
        db.add(FailedSignIn(key=f"k{uuid.uuid4().hex[:6]}", at=stamp))
        db.add(PasskeyChallenge(challenge_hash=some_hash(), purpose="sign_in", expires_at=stamp))
    db.flush()
    clinical_before = counts(db)

    deleted = run_retention(db, now=NOW)

    assert deleted is not None
    assert still_there(db, old) == set()
    assert still_there(db, recent) == set(recent)
    assert all(deleted[rule] >= 1 for rule in old) and deleted["failed_sign_ins"] >= 1
    assert db.get(StoredFile, f"attachment/{old['unsent_attachments'].id.hex}") is None
    assert db.get(StoredFile, f"record-draft/{recent['document_drafts'].id.hex}") is not None
    after = counts(db)
    assert after == {**clinical_before, "AuditEvent": clinical_before["AuditEvent"] + 1}
    logged = db.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()  # type: ignore[attr-defined]
    assert logged is not None and logged.action == "retention.ran"
    assert db.get(RetentionRun, NOW.strftime("%Y-%m-%dT%H")).deleted == deleted


def test_a_clinics_own_setting_applies_to_its_people_only(db) -> None:
    riverside = make_patient(db, f"r.{uuid.uuid4().hex[:6]}@example.org", "Rita River")
    harbor = make_patient(db, f"h.{uuid.uuid4().hex[:6]}@example.org", "Hal Harbor")
    harbor.clinic_id = HARBOR
    db.add(harbor)
    db.flush()
    set_days(db, HARBOR, "sessions", 1, now=NOW)
    at_riverside = rows_of_a_person(db, riverside.id, RIVERSIDE, days=3)
    at_harbor = rows_of_a_person(db, harbor.id, HARBOR, days=3)
    for person in (riverside, harbor):  # signed in again since: the old session is not the newest
        rows_of_a_person(db, person.id, RIVERSIDE if person is riverside else HARBOR, days=0.1)
    run_retention(db, now=NOW)
    assert "sessions" in still_there(db, at_riverside)  # 30 days by default
    assert "sessions" not in still_there(db, at_harbor)  # Harbor keeps them 1 day


def test_an_hour_runs_once_however_many_workers_try(db) -> None:
    assert run_retention(db, now=NOW) is not None
    assert run_retention(db, now=NOW + timedelta(minutes=20)) is None  # same hour: claimed
    assert run_retention(db, now=NOW + timedelta(hours=1)) is not None


@pytest.mark.parametrize(
    ("rule", "days", "said"),
    [
        ("sessions", 0, "between 1 and 365"),
        ("check_ins", 30, "no per-clinic rule"),
        ("failed_sign_ins", 5, "no per-clinic rule"),
    ],
)
def test_settings_out_of_bounds_are_refused_plainly(db, rule: str, days: int, said: str) -> None:
    with pytest.raises(RetentionProblem, match=said):
        set_days(db, RIVERSIDE, rule, days, now=NOW)


def test_the_operator_sees_each_rule_and_a_bad_setting_is_refused(
    migrated_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from portal_app.cli import main

    assert main(["clinic", "retention", "steady-demo"]) == 0
    shown = capsys.readouterr().out
    assert "sessions" in shown and "30 days" in shown and "(whole install)" in shown
    assert main(["clinic", "keep", "steady-demo", "sessions", "0"]) == 2
    assert "between 1 and 365" in capsys.readouterr().err
    assert main(["clinic", "retention", "nowhere"]) == 2


def test_an_invitation_nobody_answered_stays_on_the_admins_list(db) -> None:
    """The admin's "pending invitations" (send again, cancel) are found by their tokens:
    retention must not make a person who never came in disappear from it."""
    from portal_app.models import Role
    from portal_app.services.access import Actor
    from portal_app.services.identity.invitations import pending_invitations
    from portal_app.services.identity.sign_in import INVITATION

    user = make_patient(
        db, f"invited.{uuid.uuid4().hex[:6]}@example.org", "Ivy Invited", password=None
    )
    db.add(
        SignInToken(
            token_hash=some_hash(),
            user_id=user.id,
            purpose=INVITATION,
            created_at=ago(60),
            expires_at=ago(53),
        )
    )
    db.flush()
    admin = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, RIVERSIDE)
    assert user.id in {p.user_id for p in pending_invitations(db, admin)}
    run_retention(db, now=NOW)
    assert user.id in {p.user_id for p in pending_invitations(db, admin)}


def test_a_persons_newest_session_stays_so_they_still_count_as_having_come_in(db) -> None:
    from portal_app.services.identity.invitations import has_come_in

    user = make_patient(db, f"once.{uuid.uuid4().hex[:6]}@example.org", "Olu Once", password=None)
    for days in (400, 380):
        db.add(
            AuthSession(
                token_hash=some_hash(),
                user_id=user.id,
                created_at=ago(days),
                last_seen_at=ago(days),
                expires_at=ago(days - 1),
            )
        )
    db.flush()
    run_retention(db, now=NOW)
    db.expire_all()
    kept = db.exec(select(AuthSession).where(AuthSession.user_id == user.id)).all()
    assert [s.created_at.date() for s in kept] == [ago(380).date()]
    assert has_come_in(db, user)
