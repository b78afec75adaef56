"""Check-ins and questionnaire answers: saved exactly once, whatever the device replays.

Entries arrive from the app online or from the offline outbox in batches. The patient always
comes from the session (never from the entry), every id is the device's own UUID, and the
answer says which ids are safely stored, so the device deletes only those. Scores are always
worked out here, never taken from the device. A positive PHQ-9 item 9 (or EPDS item 10) raises
a risk alert at once, even before the questionnaire is finished.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal_app.content.instruments import available, risk_reason
from portal_app.models import CheckIn, Patient, QuestionnaireResponse, RiskAlert
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    own_patient_id,
)
from portal_app.services.care_team.alert_notices import queue_new_alert
from portal_app.services.common.local_time import zone_of
from portal_app.services.measures.scoring import ScoringError, score
from portal_app.services.problems import CheckInProblem

MAX_ENTRIES = 200
RISK_QUESTION_REASONS = ("phq9_item9", "epds_item10")
OLDEST = timedelta(days=30)  # an outbox older than this is refused, not silently redated
CLOCK_SLACK = timedelta(minutes=10)
# A built-in tag id ("worked") or one of the patient's own words ("walked the dog").
TAG = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[\w' -]+$")]
OWN_TAGS_MAX = 10


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: uuid.UUID
    recorded_at: datetime  # when the person wrote it, on the device's clock (with a zone)


class CheckInEntry(_Entry):
    kind: Literal["check_in"]
    mood: int = Field(ge=1, le=5)
    anxiety: int = Field(ge=0, le=4)
    sleep_hours: float | None = Field(default=None, ge=0, le=16, multiple_of=0.5)
    tags: list[TAG] = Field(default_factory=list, max_length=12)
    note: str = Field(default="", max_length=2000)


class QuestionnaireEntry(_Entry):
    kind: Literal["questionnaire"]
    instrument: Literal["phq9", "gad7", "phq2", "gad2", "cssrs", "pcl5", "audit", "auditc", "epds"]
    answers: list[int | None] = Field(max_length=20)
    submitted: bool = False


@dataclass
class SyncResult:
    accepted: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    alerts: int = 0  # risk alerts raised by this batch


def _parse(raw: Any) -> CheckInEntry | QuestionnaireEntry | str:
    """The entry, or the plain reason it cannot be stored."""
    if not isinstance(raw, dict):
        return "not an entry"
    kind = raw.get("kind")
    model: type[_Entry] = CheckInEntry if kind == "check_in" else QuestionnaireEntry
    if kind not in ("check_in", "questionnaire"):
        return "unknown kind"
    try:
        entry = model.model_validate(raw)
    except ValidationError as error:
        names = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        return f"invalid {', '.join(names) or 'entry'}"
    if entry.recorded_at.tzinfo is None:
        return "recorded_at needs a time zone"
    return entry  # type: ignore[return-value]


def _recorded_in_range(entry: _Entry, now: datetime) -> bool:
    return now - OLDEST <= entry.recorded_at <= now + CLOCK_SLACK


@dataclass
class _CheckIns:
    """The check-ins of one batch: those already stored are read in one query, the new ones
    are inserted together at the end (a 100-entry outbox is two statements, not 200)."""

    stored: dict[uuid.UUID, CheckIn]
    new: dict[uuid.UUID, CheckIn] = field(default_factory=dict)

    @classmethod
    def read(cls, db: Session, ids: list[uuid.UUID]) -> _CheckIns:
        rows = db.exec(select(CheckIn).where(col(CheckIn.id).in_(ids))).all() if ids else []
        return cls({row.id: row for row in rows})

    def insert_new(self, db: Session, patient_id: uuid.UUID) -> set[uuid.UUID]:
        """Insert the new rows; returns the ids refused. If another request stored one of
        them first (a replay racing itself), one by one, keeping those that are ours."""
        rows = list(self.new.values())
        if not rows:
            return set()
        try:
            with db.begin_nested():
                db.add_all(rows)
                db.flush()
            return set()
        except IntegrityError:
            return {row.id for row in rows if not _insert_once(db, row, CheckIn, patient_id)}


def _save_check_in(
    db: Session,
    patient: Patient,
    entry: CheckInEntry,
    days: tuple[date, date],
    now: datetime,
    batch: _CheckIns,
) -> bool:
    """True when stored (new, a replay, or a same-day edit); False when the id is not ours.
    `days` is (today, the entry's own day), both in the patient's time zone."""
    today, day = days
    existing = batch.stored.get(entry.id) or batch.new.get(entry.id)
    if existing is not None:
        if existing.patient_id != patient.id:
            return False
        if existing.local_date == today:  # editable on its own day only
            existing.mood, existing.anxiety = entry.mood, entry.anxiety
            existing.sleep_hours, existing.tags, existing.note = (
                entry.sleep_hours,
                list(entry.tags),
                entry.note,
            )
            existing.updated_at = now
            db.add(existing)
        return True
    row = CheckIn(
        id=entry.id,
        patient_id=patient.id,
        local_date=day,
        mood=entry.mood,
        anxiety=entry.anxiety,
        sleep_hours=entry.sleep_hours,
        tags=list(entry.tags),
        note=entry.note,
        recorded_at=entry.recorded_at.astimezone(UTC),
        created_at=now,
    )
    batch.new[row.id] = row
    return True


def _insert_once(db: Session, row: Any, model: Any, patient_id: uuid.UUID) -> bool:
    """Insert; if another request stored the same id first, it counts only if it is ours."""
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
        return True
    except IntegrityError:
        winner = db.get(model, row.id)
        return winner is not None and winner.patient_id == patient_id


def _save_response(
    db: Session, patient: Patient, entry: QuestionnaireEntry, now: datetime
) -> bool | str:
    """True when stored; False when the id is not ours; a reason when the answers do not fit."""
    if not available(entry.instrument):
        return "questionnaire not offered"
    try:
        result = score(entry.instrument, entry.answers)
    except ScoringError as problem:
        return str(problem)
    existing = db.get(QuestionnaireResponse, entry.id)
    if existing is not None and (
        existing.patient_id != patient.id or existing.instrument != entry.instrument
    ):
        return False
    row = existing or QuestionnaireResponse(
        id=entry.id,
        patient_id=patient.id,
        instrument=entry.instrument,
        started_at=entry.recorded_at,
        created_at=now,
    )
    if row.submitted_at is None:  # once sent in, a response no longer changes
        row.answers = list(entry.answers)
        row.complete, row.total, row.severity = result.complete, result.total, result.severity
        row.positive, row.item9_positive, row.risk = (
            result.positive,
            result.item9_positive,
            result.risk,
        )
        row.details = result.details
        if entry.submitted and result.complete:
            row.submitted_at = now
    if existing is not None:
        db.add(row)
        return True
    return _insert_once(db, row, QuestionnaireResponse, patient.id)


def _alert_this_screener_follows(
    db: Session, patient: Patient, screener: QuestionnaireResponse
) -> RiskAlert | None:
    """The newest risk-question alert (PHQ-9 item 9, EPDS item 10) still waiting for its
    screener, from answers started before this screener: the one it follows (never an older
    alert left waiting)."""
    return db.exec(
        select(RiskAlert)
        .join(QuestionnaireResponse, col(QuestionnaireResponse.id) == RiskAlert.response_id)
        .where(
            RiskAlert.patient_id == patient.id,
            col(RiskAlert.reason).in_(RISK_QUESTION_REASONS),
            RiskAlert.level == "pending",
            col(RiskAlert.acknowledged_at).is_(None),
            col(QuestionnaireResponse.started_at) <= screener.started_at,
        )
        .order_by(col(QuestionnaireResponse.started_at).desc(), col(RiskAlert.opened_at).desc())
    ).first()


def _raise_alerts(db: Session, patient: Patient, response_id: uuid.UUID, now: datetime) -> int:
    """An alert for a positive risk question (PHQ-9 item 9, EPDS item 10: at once), or a
    C-SSRS screen with any risk. The screener that follows sets that alert's level instead of
    opening another."""
    response = db.get(QuestionnaireResponse, response_id)
    if response is None:
        return 0
    if response.instrument == "cssrs" and response.risk in ("low", "moderate", "high"):
        applied = db.exec(
            select(RiskAlert).where(
                (col(RiskAlert.screener_response_id) == response_id)
                | (col(RiskAlert.response_id) == response_id)
            )
        ).first()
        waiting = applied or _alert_this_screener_follows(db, patient, response)
        if waiting is not None:
            if waiting.response_id != response_id:
                waiting.screener_response_id = response_id
            waiting.level = response.risk
            db.add(waiting)
            return 0
        reason, level = "cssrs", response.risk
    elif response.item9_positive and (question := risk_reason(response.instrument)):
        if db.exec(select(RiskAlert.id).where(RiskAlert.response_id == response_id)).first():
            return 0
        reason, level = question, "pending"
    else:
        return 0
    alert = RiskAlert(
        patient_id=patient.id,
        clinic_id=patient.clinic_id,
        response_id=response_id,
        reason=reason,
        level=level,
        opened_at=now,
    )
    if not _insert_once(db, alert, RiskAlert, patient.id):
        return 0
    queue_new_alert(db, alert, now=now)  # in this transaction: stored alert, queued notices
    return 1


def sync(db: Session, actor: Actor, raw_entries: list[Any], *, now: datetime) -> SyncResult:
    """Store a batch from the person's own device. Raises NotFound for anyone but a patient."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    patient = load_patient_for(
        db, actor, patient_id, Category.CHECK_INS, now=now, action=Action.CHANGE
    )
    zone = zone_of(db, actor.user_id)
    today = now.astimezone(zone).date()
    result = SyncResult()
    parsed = [(raw, _parse(raw)) for raw in raw_entries[:MAX_ENTRIES]]
    # An offline outbox sends several answers at once: each is stamped a microsecond apart in
    # the order they were answered, so "latest" and "the one before" (trends, the panel's
    # rising flag, the report) never depend on how the database breaks a tie.
    answered = sorted(
        (e for _, e in parsed if isinstance(e, QuestionnaireEntry)), key=lambda e: e.recorded_at
    )
    order = {e.id: rank for rank, e in enumerate(answered)}
    check_ins = _CheckIns.read(db, [e.id for _, e in parsed if isinstance(e, CheckInEntry)])
    for raw, entry in parsed:
        raw_id = str(raw.get("id", ""))[:40] if isinstance(raw, dict) else ""
        if isinstance(entry, str):
            result.rejected.append({"id": raw_id, "problem": entry})
            continue
        if not _recorded_in_range(entry, now):
            result.rejected.append(
                {"id": raw_id, "problem": "recorded_at is too old or in the future"}
            )
            continue
        if isinstance(entry, CheckInEntry):
            day = entry.recorded_at.astimezone(zone).date()
            stored: bool | str = _save_check_in(db, patient, entry, (today, day), now, check_ins)
        else:
            stamped = now + timedelta(microseconds=order.get(entry.id, 0))
            stored = _save_response(db, patient, entry, stamped)
            if stored is True:
                result.alerts += _raise_alerts(db, patient, entry.id, now)
        if stored is True:
            result.accepted.append(str(entry.id))
        else:
            result.rejected.append({"id": raw_id, "problem": stored or "unknown id"})
    refused = {str(entry_id) for entry_id in check_ins.insert_new(db, patient.id)}
    if refused:
        result.accepted = [entry_id for entry_id in result.accepted if entry_id not in refused]
        result.rejected += [{"id": entry_id, "problem": "unknown id"} for entry_id in refused]
    db.flush()
    return result


def check_ins_of(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, since: date, now: datetime
) -> list[CheckIn]:
    """A patient's check-ins from `since`, newest first (for them, or their care team)."""
    load_patient_for(db, actor, patient_id, Category.CHECK_INS, now=now)
    return list(
        db.exec(
            select(CheckIn)
            .where(CheckIn.patient_id == patient_id, col(CheckIn.local_date) >= since)
            .order_by(col(CheckIn.local_date).desc(), col(CheckIn.recorded_at).desc())
        ).all()
    )


def open_alerts(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[RiskAlert]:
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    return list(
        db.exec(
            select(RiskAlert)
            .where(RiskAlert.patient_id == patient_id, col(RiskAlert.acknowledged_at).is_(None))
            .order_by(col(RiskAlert.opened_at))
        ).all()
    )


def open_response(
    db: Session, actor: Actor, instrument_id: str, *, now: datetime
) -> QuestionnaireResponse | None:
    """The patient's own unfinished answers to this questionnaire from the last 7 days."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    return db.exec(
        select(QuestionnaireResponse)
        .where(
            QuestionnaireResponse.patient_id == patient_id,
            QuestionnaireResponse.instrument == instrument_id,
            col(QuestionnaireResponse.submitted_at).is_(None),
            col(QuestionnaireResponse.started_at) >= now - timedelta(days=7),
        )
        .order_by(col(QuestionnaireResponse.started_at).desc())
    ).first()


def results_of(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    instrument_id: str,
    *,
    now: datetime,
    limit: int = 12,
) -> list[QuestionnaireResponse]:
    """Sent-in responses to one questionnaire, newest first."""
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    return list(
        db.exec(
            select(QuestionnaireResponse)
            .where(
                QuestionnaireResponse.patient_id == patient_id,
                QuestionnaireResponse.instrument == instrument_id,
                col(QuestionnaireResponse.submitted_at).is_not(None),
            )
            .order_by(col(QuestionnaireResponse.submitted_at).desc())
            .limit(limit)
        ).all()
    )


def own_tags(db: Session, actor: Actor, *, now: datetime) -> list[str]:
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    return list(load_patient_for(db, actor, patient_id, Category.CHECK_INS, now=now).check_in_tags)


def set_own_tags(db: Session, actor: Actor, tags: list[str], *, now: datetime) -> str:
    """Keep the patient's own tags (tidied, no repeats); "" when saved, else a catalog key."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    tidy: list[str] = []
    for tag in tags:
        word = " ".join(tag.split())
        if word and word.lower() not in {t.lower() for t in tidy}:
            tidy.append(word)
    try:
        for word in tidy:
            TagCheck.model_validate({"tag": word})
    except ValidationError:
        return CheckInProblem.TAG_INVALID
    if len(tidy) > OWN_TAGS_MAX:
        return CheckInProblem.TAGS_TOO_MANY
    patient = load_patient_for(
        db, actor, patient_id, Category.CHECK_INS, now=now, action=Action.CHANGE
    )
    patient.check_in_tags = tidy
    db.add(patient)
    db.flush()
    return ""


class TagCheck(BaseModel):
    tag: TAG
