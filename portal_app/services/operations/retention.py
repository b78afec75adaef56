"""Retention: short-lived records are deleted once they stop being useful, by an hourly job
(`portal worker`, or the app itself when it sends reminders in process).

Only what the portal keeps for its own working: ended sessions, used or expired sign-in
links, WebAuthn and SSO leftovers, failed sign-in counts, push attempts and delivered
reminders, files attached to messages never sent, old drafts, and website visit requests
the clinic closed. Never clinical records (check-ins, answers, messages that were sent,
notes, shared papers, alerts) and never the audit trail. Each clinic may keep things longer
or shorter within safe bounds; each run is claimed once per hour across all workers, and is
audited with the number of rows each rule deleted (numbers only).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, not_, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from portal_app.models import (
    AuthSession,
    Clinic,
    ClinicRetention,
    DocumentDraft,
    FailedSignIn,
    MessageAttachment,
    MessageDraft,
    PasskeyChallenge,
    PushAttempt,
    Reminder,
    RetentionRun,
    SignInToken,
    SsoAttempt,
    User,
    VisitRequest,
)
from portal_app.services.common import audit, file_store
from portal_app.services.identity.sign_in import INVITATION

DELIVERED = ("sent", "no_device", "failed", "done")


@dataclass(frozen=True)
class Rule:
    name: str
    default_days: int
    least_days: int
    most_days: int
    per_clinic: bool = True  # False: rows no clinic owns (one setting for the install)


RULES = (
    Rule("sessions", 30, 1, 365),  # after a sign-in ended (signed out or expired)
    Rule("sign_in_tokens", 7, 1, 90),  # after a link was used or expired
    Rule("passkey_challenges", 1, 1, 30, per_clinic=False),
    Rule("sso_attempts", 1, 1, 30),
    Rule("failed_sign_ins", 30, 1, 365, per_clinic=False),
    Rule("push_attempts", 90, 7, 730),
    Rule("delivered_reminders", 90, 7, 730),
    Rule("unsent_attachments", 30, 1, 365),  # as long as the draft they came with
    Rule("message_drafts", 30, 7, 365),
    Rule("document_drafts", 14, 1, 365),
    Rule("closed_visit_requests", 90, 7, 730),
)
BY_NAME = {rule.name: rule for rule in RULES}


class RetentionProblem(ValueError):
    """A setting out of bounds, said plainly."""


def days_for(db: Session, clinic_id: uuid.UUID) -> dict[str, int]:
    """Each rule's days at this clinic: its own setting, or the default."""
    own = db.exec(select(ClinicRetention).where(ClinicRetention.clinic_id == clinic_id)).all()
    chosen = {row.rule: row.days for row in own}
    return {rule.name: chosen.get(rule.name, rule.default_days) for rule in RULES}


def set_days(db: Session, clinic_id: uuid.UUID, name: str, days: int, *, now: datetime) -> None:
    rule = BY_NAME.get(name)
    if rule is None or not rule.per_clinic:
        choices = ", ".join(r.name for r in RULES if r.per_clinic)
        raise RetentionProblem(f"There is no per-clinic rule {name!r}. Choose one of: {choices}.")
    if not rule.least_days <= days <= rule.most_days:
        raise RetentionProblem(f"Keep {name} between {rule.least_days} and {rule.most_days} days.")
    row = db.get(ClinicRetention, (clinic_id, name)) or ClinicRetention(
        clinic_id=clinic_id, rule=name, days=days
    )
    row.days = days
    db.add(row)
    audit.record(db, "retention.changed", now=now, clinic_id=clinic_id, category=name)


def _of_clinic(user_column: Any, clinic_id: uuid.UUID | None) -> Any:
    people = select(User.id).where(User.clinic_id == clinic_id)
    return col(user_column).in_(people)


def _deleted(db: Session, statement: Any) -> int:
    return int(db.exec(statement).rowcount or 0)


def _sessions(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    """Ended sessions, except each person's newest: "has come in" (invitations) reads it."""
    ended = or_(col(AuthSession.revoked_at) < cutoff, col(AuthSession.expires_at) < cutoff)
    newer = aliased(AuthSession)
    not_newest = (
        select(newer.id)
        .where(newer.user_id == AuthSession.user_id, newer.created_at > AuthSession.created_at)
        .exists()
    )
    return _deleted(
        db, delete(AuthSession).where(_of_clinic(AuthSession.user_id, clinic), ended, not_newest)
    )


def _sign_in_tokens(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    """Used or expired links, except an invitation nobody answered: the admin's pending
    invitations (send again, cancel) are found by it."""
    done = or_(col(SignInToken.used_at) < cutoff, col(SignInToken.expires_at) < cutoff)
    unanswered = and_(col(SignInToken.purpose) == INVITATION, col(SignInToken.used_at).is_(None))
    return _deleted(
        db,
        delete(SignInToken).where(_of_clinic(SignInToken.user_id, clinic), done, not_(unanswered)),
    )


def _passkey_challenges(db: Session, _clinic: uuid.UUID | None, cutoff: datetime) -> int:
    return _deleted(db, delete(PasskeyChallenge).where(col(PasskeyChallenge.expires_at) < cutoff))


def _sso_attempts(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    return _deleted(
        db,
        delete(SsoAttempt).where(
            col(SsoAttempt.clinic_id) == clinic, col(SsoAttempt.created_at) < cutoff
        ),
    )


def _failed_sign_ins(db: Session, _clinic: uuid.UUID | None, cutoff: datetime) -> int:
    return _deleted(db, delete(FailedSignIn).where(col(FailedSignIn.at) < cutoff))


def _reminders_of(clinic: uuid.UUID | None) -> Any:
    return select(Reminder.id).where(_of_clinic(Reminder.user_id, clinic))


def _push_attempts(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    return _deleted(
        db,
        delete(PushAttempt).where(
            col(PushAttempt.reminder_id).in_(_reminders_of(clinic)), col(PushAttempt.at) < cutoff
        ),
    )


def _delivered_reminders(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    old = _reminders_of(clinic).where(
        col(Reminder.status).in_(DELIVERED), col(Reminder.due_at) < cutoff
    )
    db.exec(delete(PushAttempt).where(col(PushAttempt.reminder_id).in_(old)))
    return _deleted(db, delete(Reminder).where(col(Reminder.id).in_(old)))


def _unsent_attachments(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    from portal_app.services.care_team.attachments import file_key

    old = db.exec(
        select(MessageAttachment).where(
            _of_clinic(MessageAttachment.uploaded_by, clinic),
            col(MessageAttachment.message_id).is_(None),
            col(MessageAttachment.created_at) < cutoff,
        )
    ).all()
    for row in old:
        file_store.remove(db, file_key(row.id))
        db.delete(row)
    return len(old)


def _message_drafts(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    return _deleted(
        db,
        delete(MessageDraft).where(
            _of_clinic(MessageDraft.user_id, clinic), col(MessageDraft.updated_at) < cutoff
        ),
    )


def _document_drafts(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    from portal_app.services.records.shared_documents import file_key

    old = db.exec(
        select(DocumentDraft).where(
            _of_clinic(DocumentDraft.staged_by, clinic), col(DocumentDraft.created_at) < cutoff
        )
    ).all()
    for row in old:
        file_store.remove(db, file_key(row.id, draft=True))
        db.delete(row)
    return len(old)


def _closed_visit_requests(db: Session, clinic: uuid.UUID | None, cutoff: datetime) -> int:
    return _deleted(
        db,
        delete(VisitRequest).where(
            col(VisitRequest.clinic_id) == clinic,
            col(VisitRequest.status) == "closed",
            col(VisitRequest.created_at) < cutoff,
        ),
    )


DELETERS: dict[str, Callable[[Session, uuid.UUID | None, datetime], int]] = {
    "sessions": _sessions,
    "sign_in_tokens": _sign_in_tokens,
    "passkey_challenges": _passkey_challenges,
    "sso_attempts": _sso_attempts,
    "failed_sign_ins": _failed_sign_ins,
    "push_attempts": _push_attempts,
    "delivered_reminders": _delivered_reminders,
    "unsent_attachments": _unsent_attachments,
    "message_drafts": _message_drafts,
    "document_drafts": _document_drafts,
    "closed_visit_requests": _closed_visit_requests,
}


def run_retention(db: Session, *, now: datetime) -> dict[str, int] | None:
    """Delete what each clinic no longer keeps; None when this hour's run was already
    claimed (by this or another worker)."""
    run = RetentionRun(period=now.strftime("%Y-%m-%dT%H"), ran_at=now, deleted={})
    try:
        with db.begin_nested():
            db.add(run)
            db.flush()
    except IntegrityError:
        return None
    deleted: Counter[str] = Counter()
    for rule in RULES:
        if not rule.per_clinic:
            cutoff = now - timedelta(days=rule.default_days)
            deleted[rule.name] += DELETERS[rule.name](db, None, cutoff)
    for clinic_id in db.exec(select(Clinic.id)).all():
        chosen = days_for(db, clinic_id)
        for rule in RULES:
            if rule.per_clinic:
                cutoff = now - timedelta(days=chosen[rule.name])
                deleted[rule.name] += DELETERS[rule.name](db, clinic_id, cutoff)
    db.flush()
    run.deleted = {rule.name: deleted[rule.name] for rule in RULES}
    db.add(run)
    audit.record(db, "retention.ran", now=now)
    return run.deleted
