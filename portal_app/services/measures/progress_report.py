"""Scores over time as a progress report: every total of each measure that has one, with its
band where the measure has bands, and a plain comparison of the first with the latest (for
every measure here a lower score is better; the change that counts is the measure's own)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal_app.content.instruments import TOTAL_SCORED, meaningful_change
from portal_app.models import QuestionnaireResponse
from portal_app.services.access import Actor, Category, load_patient_for, patient_in_view
from portal_app.services.measures.trends import band_name, score_change

SCORED = TOTAL_SCORED


@dataclass(frozen=True)
class Reading:
    on: datetime
    total: int
    band: str  # "" for a measure without bands


@dataclass(frozen=True)
class Progress:
    instrument: str
    readings: list[Reading]  # oldest first
    change: int  # latest minus first
    direction: str  # "better", "worse" or "same"


def submitted_totals(
    db: Session,
    patient_id: uuid.UUID,
    instrument_id: str,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[tuple[datetime, int]]:
    """(when, total) of each submitted, scored answer. Callers have been through the gate."""
    when = col(QuestionnaireResponse.submitted_at)
    rows = db.exec(
        select(QuestionnaireResponse.submitted_at, QuestionnaireResponse.total)
        .where(
            QuestionnaireResponse.patient_id == patient_id,
            QuestionnaireResponse.instrument == instrument_id,
            when.is_not(None),
            col(QuestionnaireResponse.total).is_not(None),
        )
        .order_by(when.desc() if newest_first else when)
        .limit(limit)
    ).all()
    return [(on, int(total)) for on, total in rows if on is not None and total is not None]


def direction_of(instrument_id: str, first: int, latest: int) -> str:
    """Better or worse means the measure's meaningful change or more (trends.score_change)."""
    return score_change(first, latest, meaningful_change(instrument_id))


def progress_of(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[Progress]:
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    report = []
    for instrument_id in SCORED:
        readings = [
            Reading(on, total, band_name(instrument_id, total))
            for on, total in submitted_totals(db, patient_id, instrument_id)
        ]
        if not readings:
            continue
        first, latest = readings[0].total, readings[-1].total
        report.append(
            Progress(
                instrument_id,
                readings,
                latest - first,
                direction_of(instrument_id, first, latest),
            )
        )
    return report
