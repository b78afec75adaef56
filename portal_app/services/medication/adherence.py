"""How the last 7 days of doses went: counts for the patient (said kindly) and the clinician."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from portal_app.models import Patient
from portal_app.services.access import Actor, NotFound
from portal_app.services.common.local_time import as_utc
from portal_app.services.medication.medicines import doses_between, medicines_of

WEEK = timedelta(days=7)
# A dose not logged yet is only "missed" once this much time has passed.
MISSED_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class Adherence:
    taken: int
    late: int
    skipped: int
    missed: int

    @property
    def expected(self) -> int:
        return self.taken + self.late + self.skipped + self.missed

    @property
    def percent(self) -> int | None:
        """Doses taken (on time or late) out of those due; None with nothing due."""
        if not self.expected:
            return None
        return round(100 * (self.taken + self.late) / self.expected)

    @property
    def message_key(self) -> str:
        """Encouraging words, never shaming: what the number means and what helps."""
        percent = self.percent
        if percent is None:
            return "adherence.none_due"
        if percent >= 80:
            return "adherence.great"
        if percent >= 50:
            return "adherence.good"
        return "adherence.new_start"


def weekly_adherence(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> Adherence:
    medicines = medicines_of(db, actor, patient_id, now=now)
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFound
    zone = ZoneInfo(patient.timezone)
    doses = doses_between(db, medicines, zone, now - WEEK, now)
    # Doses from before the medicine was put in the portal could not be logged here (found: a
    # medicine added at noon counted that morning's dose as missed).
    tracked_from = {m.id: as_utc(m.created_at) for m in medicines}
    counts = {"taken": 0, "late": 0, "skipped": 0, "missed": 0}
    for dose in doses:
        if dose.status:
            counts[dose.status] += 1
        elif dose.scheduled_for >= tracked_from[dose.medicine_id] and (
            now - dose.scheduled_for >= MISSED_AFTER
        ):
            counts["missed"] += 1
    return Adherence(**counts)
