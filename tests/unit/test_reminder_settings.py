"""Reminder choices: saved only whole and valid; defaults until the patient changes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal_app.services.access import NotFound
from portal_app.services.medication.reminder_settings import (
    SettingsForm,
    my_settings,
    save_my_settings,
)
from tests.factories import make_care_team_patient
from tests.unit.test_medicines import RIVERA

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CLOCKS = {"check_in_at": "20:30", "quiet_from": "23:00", "quiet_until": "06:30"}


def test_defaults_then_a_saved_choice(db):
    me, _ = make_care_team_patient(db, "sam.settings@example.org", "Sam Settings", RIVERA.user_id)
    chosen = my_settings(db, me, now=NOW)
    assert (chosen.dose_on, chosen.check_in_on, chosen.quiet_from, chosen.quiet_until) == (
        True,
        False,
        "22:00",
        "07:00",
    )
    form = SettingsForm(switches={"check_in_on": True, "neutral_look": True}, clocks=CLOCKS)
    assert save_my_settings(db, me, form, now=NOW) == ""
    chosen = my_settings(db, me, now=NOW)
    assert (chosen.dose_on, chosen.check_in_on, chosen.neutral_look) == (False, True, True)
    assert (chosen.check_in_at, chosen.quiet_from, chosen.quiet_until) == (
        "20:30",
        "23:00",
        "06:30",
    )


def test_a_bad_time_changes_nothing_and_clinicians_cannot_save_for_patients(db):
    me, _ = make_care_team_patient(db, "ari.settings@example.org", "Ari Settings", RIVERA.user_id)
    bad = SettingsForm(switches={"dose_on": False}, clocks={**CLOCKS, "quiet_from": "25:00"})
    assert save_my_settings(db, me, bad, now=NOW) == "reminders.problem.time"
    assert my_settings(db, me, now=NOW).dose_on is True
    with pytest.raises(NotFound):
        save_my_settings(db, RIVERA, SettingsForm(switches={}, clocks=CLOCKS), now=NOW)
