"""The scheduled measures in the demo's history: Alex's PCL-5 every two weeks, going down as
trauma therapy helps; Taylor's AUDIT every four weeks, going up (the panel flags it beside the
PHQ-9). Written through the same services as the screens, like the rest of the history."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from sqlmodel import Session

from portal_app.services.clinic.demo_days import actor_of, check, local_at, seeded, spread
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.measures import journal
from portal_app.services.measures.assignments import assign

# patient: (measure, every days, totals oldest first, its clinician)
MEASURES = {
    "alex@example.org": ("pcl5", 14, (46, 41, 35, 29), "dr.rivera@example.org"),
    "taylor@example.org": ("audit", 28, (5, 8, 13), "dr.rivera@example.org"),
}


def _positions(measure: str, total: int, rng: random.Random) -> list[int]:
    """Chosen options that give `total` (PCL-5: 0-4 in order; AUDIT items 1-8: 0-4, 9-10 "No")."""
    if measure == "pcl5":
        return spread(total, 20, rng, top=4)
    return [*spread(total, 9, rng, top=4)[:8], 0, 0]


def add_more_measures(db: Session, today: date) -> None:
    for email, (measure, every, totals, clinician) in MEASURES.items():
        rng = seeded(f"{measure}:{email}")
        me = actor_of(db, email)
        first = today - timedelta(days=every * len(totals))
        patient_id = demo_id("patient", email)
        assign(db, actor_of(db, clinician), patient_id, measure, every, now=local_at(first, 9))
        for number, total in enumerate(totals, start=1):
            at = local_at(first + timedelta(days=every * number) - timedelta(days=1), 19, 10)
            entry = {
                "kind": "questionnaire",
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{measure}:{email}:{at.isoformat()}")),
                "recorded_at": at.isoformat(),
                "instrument": measure,
                "answers": _positions(measure, total, rng),
                "submitted": True,
            }
            check(journal.sync(db, me, [entry], now=at + timedelta(minutes=5)).rejected)
