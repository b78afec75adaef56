"""Trends over 30, 90 or 365 days: mood and sleep from check-ins, and the totals of every
measure that has one (PHQ-9, GAD-7, PCL-5, AUDIT, AUDIT-C, EPDS).

Read through the access gate (so it is audited and only for the patient or their care team).
A change badge flags a total rising by the measure's meaningful change or more (see
`score_change`; 5 points for PHQ-9 and GAD-7, declared per measure in its definition).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from portal_app.content.instruments import TOTAL_SCORED, instrument, meaningful_change
from portal_app.models import (
    CheckIn,
    Patient,
    QuestionnaireResponse,
    User,
)
from portal_app.services.access import (
    Actor,
    Category,
    is_clinician,
    load_patient_for,
    patients_in_care,
)
from portal_app.services.common.local_time import as_utc, zone_of

RANGES = (30, 90, 365)
RISE = 5  # points


@dataclass(frozen=True)
class Point:
    day: date
    value: float


@dataclass
class Trends:
    days: int
    since: date
    until: date
    mood: list[Point] = field(default_factory=list)  # daily average, 1..5
    sleep: list[Point] = field(default_factory=list)  # daily average hours
    scores: dict[str, list[Point]] = field(default_factory=dict)  # totals, by measure
    rising: dict[str, bool] = field(default_factory=dict)  # the latest change badge


def _daily_average(pairs: list[tuple[date, float]]) -> list[Point]:
    by_day: dict[date, list[float]] = defaultdict(list)
    for day, value in pairs:
        by_day[day].append(value)
    return [Point(day, round(sum(v) / len(v), 2)) for day, v in sorted(by_day.items())]


def band_index(instrument_id: str, total: float) -> int:
    bands = instrument(instrument_id)["bands"]
    return next(i for i, band in enumerate(bands) if band["min"] <= total <= band["max"])


def band_name(instrument_id: str, total: float) -> str:
    """The band's catalog name, e.g. "moderately_severe"; "" for a measure without bands."""
    bands = instrument(instrument_id).get("bands")
    if not bands:
        return ""
    return str(bands[band_index(instrument_id, total)]["severity"]).replace(" ", "_")


def score_change(before: float, latest: float, rise: int = RISE) -> str:
    """ "better", "worse" or "same": the one rule for every screen. Only a change of `rise`
    points or more counts (the measure's meaningful change: 5 on PHQ-9 and GAD-7, 10 on PCL-5).
    A band change alone does not: PHQ-9 10 -> 9 crosses a band line but is the same mood."""
    if latest - before <= -rise:
        return "better"
    return "worse" if latest - before >= rise else "same"


def is_rising(instrument_id: str, points: list[Point]) -> bool:
    """The latest total is the measure's meaningful change or more above the one before."""
    if len(points) < 2:
        return False
    change = score_change(points[-2].value, points[-1].value, meaningful_change(instrument_id))
    return change == "worse"


def trends_for(
    db: Session, actor: Actor, patient_id: uuid.UUID, days: int, *, now: datetime
) -> Trends:
    patient = load_patient_for(db, actor, patient_id, Category.CHECK_INS, now=now)
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    days = days if days in RANGES else RANGES[0]
    zone = zone_of(db, patient.user_id)
    until = now.astimezone(zone).date()
    since = until - timedelta(days=days - 1)
    check_ins = db.exec(
        select(CheckIn).where(CheckIn.patient_id == patient_id, col(CheckIn.local_date) >= since)
    ).all()
    result = Trends(days=days, since=since, until=until)
    result.mood = _daily_average([(c.local_date, float(c.mood)) for c in check_ins])
    result.sleep = _daily_average(
        [(c.local_date, c.sleep_hours) for c in check_ins if c.sleep_hours is not None]
    )
    start = datetime.combine(since, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    for instrument_id in TOTAL_SCORED:
        responses = db.exec(
            select(QuestionnaireResponse)
            .where(
                QuestionnaireResponse.patient_id == patient_id,
                QuestionnaireResponse.instrument == instrument_id,
                col(QuestionnaireResponse.submitted_at) >= start,
                col(QuestionnaireResponse.total).is_not(None),
            )
            .order_by(col(QuestionnaireResponse.submitted_at))
        ).all()
        points = [
            Point(as_utc(r.submitted_at).astimezone(zone).date(), float(r.total or 0))  # type: ignore[arg-type]
            for r in responses
        ]
        result.scores[instrument_id] = points
        result.rising[instrument_id] = is_rising(instrument_id, points)
    return result


def care_team_patients(db: Session, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """The clinician's own patients (id, name), by name."""
    if not is_clinician(actor):
        return []
    rows = db.exec(
        select(Patient.id, User.display_name)
        .join(User, col(User.id) == Patient.user_id)
        .where(col(Patient.id).in_(patients_in_care(actor)))
        .order_by(col(User.display_name))
    ).all()
    return [(patient_id, name) for patient_id, name in rows]


def name_if_mine(db: Session, actor: Actor, patient_id: str) -> str | None:
    """The patient's name when they are on this clinician's care team (an id from the page)."""
    return {str(pid): name for pid, name in care_team_patients(db, actor)}.get(patient_id)
