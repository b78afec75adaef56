"""A check-in reminder from the care team says what happened in staff words (found: one
message, "or the patient turned these reminders off", for every reason it was not sent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal_app.models import PushSubscription, ReminderSettings
from portal_app.services.access import NotFound
from portal_app.services.care_team.patient_overview import remind_to_check_in
from tests.factories import make_care_team_patient
from tests.unit.test_risk_alerts import CHEN, RIVERA

NOON = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # New York 12:00, outside quiet hours


def test_each_outcome_is_told_apart(db) -> None:
    me, patient = make_care_team_patient(db, "nudge.me@example.org", "Nia Nudge", RIVERA.user_id)
    # Check-in reminders are the patient's choice (off unless they turn them on).
    assert remind_to_check_in(db, RIVERA, patient.id, now=NOON) == "switched_off"
    chosen = ReminderSettings(patient_id=patient.id, check_in_on=True)
    db.add(chosen)
    db.flush()
    assert remind_to_check_in(db, RIVERA, patient.id, now=NOON) == "no_device"
    assert remind_to_check_in(db, RIVERA, patient.id, now=NOON) == "already_today"
    db.add(
        PushSubscription(
            user_id=me.user_id, endpoint="https://fcm.googleapis.com/x", p256dh="k", auth="a"
        )
    )
    db.flush()
    tomorrow = NOON + timedelta(days=1)
    assert remind_to_check_in(db, RIVERA, patient.id, now=tomorrow) == "sent"
    chosen.check_in_on = False
    db.add(chosen)
    db.flush()
    assert remind_to_check_in(db, RIVERA, patient.id, now=tomorrow + timedelta(days=1)) == (
        "switched_off"
    )
    with pytest.raises(NotFound):
        remind_to_check_in(db, CHEN, patient.id, now=NOON)  # not on the care team
