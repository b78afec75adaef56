"""The clinician's panel: their patients, the ones who need them most first.

One query reads every flag for all of the clinician's patients. Each flag is a small subquery
that an index answers with one seek per patient (tests/unit/test_query_plans.py holds this on
SQLite and PostgreSQL; bench/panel.py times it at clinic scale).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from portal_app.content.instruments import TOTAL_SCORED, meaningful_change
from portal_app.models import (
    Appointment,
    CheckIn,
    MessageThread,
    Patient,
    QuestionnaireResponse,
    RefillRequest,
    RefillStatus,
    RiskAlert,
    User,
    VisitStatus,
)
from portal_app.services.access import (
    Actor,
    audit_list_look,
    patients_in_care_of,
    require_clinician,
)
from portal_app.services.measures.trends import score_change

FLAGS = ("alert", "rising", "message", "visit", "request", "quiet", "refill")
VISITS_LOOK_BACK = timedelta(days=30)
QUIET_DAYS = (3, 7, 14)
SEARCH_MAX = 60


@dataclass
class PanelRow:
    patient_id: uuid.UUID
    name: str
    open_alerts: int
    high_alerts: int
    last_check_in: date | None
    waiting_since: datetime | None
    refills: int
    scores: dict[str, tuple[int | None, int | None]]  # instrument: (latest, the one before)
    visits_missed: int = 0  # missed or cancelled in the last 30 days
    visit_requests: int = 0
    flags: list[str] = field(default_factory=list)
    rising: list[str] = field(default_factory=list)  # instruments that went up
    quiet_days: int | None = None  # days since the last check-in (None: never)


def _latest_total(instrument: str, skip: int) -> Any:
    return (
        select(QuestionnaireResponse.total)
        .where(
            col(QuestionnaireResponse.patient_id) == Patient.id,
            QuestionnaireResponse.instrument == instrument,
            col(QuestionnaireResponse.submitted_at).is_not(None),
        )
        .order_by(col(QuestionnaireResponse.submitted_at).desc())
        .limit(1)
        .offset(skip)
        .correlate(Patient)
        .scalar_subquery()
    )


def _count(*conditions: Any) -> Any:
    table = conditions[0].left.table
    return (
        select(func.count()).select_from(table).where(*conditions).correlate(Patient)
    ).scalar_subquery()


def panel_query(
    clinician_id: uuid.UUID, clinic_id: uuid.UUID, search: str = "", *, now: datetime | None = None
) -> sa.Select[Any]:
    """Every flag of every patient on the clinician's care teams, in one statement."""
    since = (now or datetime.now(UTC)) - VISITS_LOOK_BACK
    visit = (col(Appointment.patient_id) == Patient.id, col(Appointment.starts_at) >= since)
    open_alert = (col(RiskAlert.patient_id) == Patient.id, col(RiskAlert.acknowledged_at).is_(None))
    query = (
        sa.select(
            col(Patient.id),
            col(User.display_name),
            _count(*open_alert),
            _count(*open_alert, col(RiskAlert.level) == "high"),
            select(func.max(CheckIn.local_date))
            .where(col(CheckIn.patient_id) == Patient.id)
            .correlate(Patient)
            .scalar_subquery(),
            select(func.min(MessageThread.waiting_since))
            .where(
                col(MessageThread.patient_id) == Patient.id,
                col(MessageThread.waiting_since).is_not(None),
            )
            .correlate(Patient)
            .scalar_subquery(),
            _count(
                col(RefillRequest.patient_id) == Patient.id,
                RefillRequest.status == RefillStatus.PENDING,
            ),
            *(_latest_total(name, skip) for name in TOTAL_SCORED for skip in (0, 1)),
            _count(
                *visit, col(Appointment.status).in_((VisitStatus.MISSED, VisitStatus.CANCELLED))
            ),
            _count(*visit, col(Appointment.status) == VisitStatus.REQUESTED),
        )
        .select_from(Patient)
        .join(User, col(User.id) == Patient.user_id)
        .where(col(Patient.id).in_(patients_in_care_of(clinician_id, clinic_id)))
    )
    if search:
        pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        query = query.where(func.lower(User.display_name).like("%" + pattern + "%", escape="\\"))
    return query


def _went_up(instrument: str, latest: int | None, before: int | None) -> bool:
    if latest is None or before is None:
        return False
    return score_change(before, latest, meaningful_change(instrument)) == "worse"


def _flag(row: PanelRow, today: date, quiet_after: int) -> PanelRow:
    row.rising = [i for i, (latest, before) in row.scores.items() if _went_up(i, latest, before)]
    row.quiet_days = (today - row.last_check_in).days if row.last_check_in else None
    checks = {
        "alert": row.open_alerts > 0,
        "rising": bool(row.rising),
        "message": row.waiting_since is not None,
        "quiet": row.quiet_days is None or row.quiet_days >= quiet_after,
        "refill": row.refills > 0,
        "visit": row.visits_missed > 0,
        "request": row.visit_requests > 0,
    }
    row.flags = [name for name in FLAGS if checks[name]]
    return row


def _priority(row: PanelRow) -> tuple[object, ...]:
    """Danger first, then getting worse, then who has waited for us longest."""
    waiting = row.waiting_since.timestamp() if row.waiting_since else float("inf")
    return (
        -row.high_alerts,
        -row.open_alerts,
        not row.rising,
        waiting,
        -row.visits_missed,
        -(row.quiet_days if row.quiet_days is not None else 10_000),
        -row.visit_requests - row.refills,
        row.name.lower(),
    )


def _row(found: tuple[Any, ...]) -> PanelRow:
    """A PanelRow from one result row of `panel_query` (its columns in that order)."""
    pid, name, alerts, high, last, waiting, refills, *totals = found[:-2]
    missed, asked = found[-2:]
    scores = {measure: (totals[2 * i], totals[2 * i + 1]) for i, measure in enumerate(TOTAL_SCORED)}
    return PanelRow(
        pid,
        name,
        int(alerts),
        int(high),
        last,
        waiting,
        int(refills),
        scores,
        int(missed),
        int(asked),
    )


def care_panel(
    db: Session,
    actor: Actor,
    *,
    now: datetime,
    today: date,
    only: str = "",
    search: str = "",
    quiet_after: int = 7,
) -> list[PanelRow]:
    """The clinician's patients in priority order, each with its flags."""
    require_clinician(actor)
    search = " ".join(search.split())[:SEARCH_MAX]
    rows = [
        _flag(_row(tuple(found)), today, quiet_after)
        for found in db.execute(panel_query(actor.user_id, actor.clinic_id, search, now=now)).all()
    ]
    # One audited look at the list (each patient opened from it is audited on its own).
    audit_list_look(db, actor, "care_panel.read", "panel", now=now)
    if only in FLAGS:
        rows = [r for r in rows if only in r.flags]
    return sorted(rows, key=_priority)
