"""Reminder times in the patient's zone: daily clocks, weekdays, DST days and quiet hours."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from portal_app.services.medication.schedule import (
    after_quiet_hours,
    clean_clocks,
    in_quiet_hours,
    moments_between,
    parse_clock,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_clock_texts_are_checked():
    assert parse_clock("8:05") is not None and parse_clock("23:59") is not None
    for bad in ("24:00", "7:60", "7", "07:5", "seven", "-1:00", ""):
        assert parse_clock(bad) is None, bad
    assert clean_clocks(["21:00", "8:00", "08:00", " "]) == ["08:00", "21:00"]
    assert clean_clocks(["08:00", "noon"]) is None


def test_a_morning_dose_stays_at_8_local_across_spring_forward():
    moments = moments_between(["08:00"], [], NY, utc(2026, 3, 7), utc(2026, 3, 10))
    assert moments == [utc(2026, 3, 7, 13), utc(2026, 3, 8, 12), utc(2026, 3, 9, 12)]
    assert all(m.astimezone(NY).hour == 8 for m in moments)


def test_a_time_that_does_not_exist_moves_forward_an_hour():
    (moment,) = moments_between(["02:30"], [], NY, utc(2026, 3, 8, 5), utc(2026, 3, 8, 12))
    assert moment.astimezone(NY).strftime("%H:%M") == "03:30"


def test_a_time_that_happens_twice_in_autumn_reminds_once():
    found = moments_between(["01:30"], [], NY, utc(2026, 11, 1, 4), utc(2026, 11, 1, 8))
    assert found == [utc(2026, 11, 1, 5, 30)]


def test_weekdays_limit_the_days():
    # 2026-11-23 is a Monday; Monday (0) and Thursday (3) only.
    found = moments_between(["09:00"], [0, 3], BERLIN, utc(2026, 11, 23), utc(2026, 11, 30))
    assert [m.astimezone(BERLIN).date() for m in found] == [date(2026, 11, 23), date(2026, 11, 26)]


def test_overnight_quiet_hours_hold_a_reminder_until_morning():
    late = datetime(2026, 11, 26, 23, 15, tzinfo=NY).astimezone(UTC)
    moved = after_quiet_hours(late, NY, "22:00", "07:00")
    assert moved.astimezone(NY) == datetime(2026, 11, 27, 7, 0, tzinfo=NY)
    early = datetime(2026, 11, 27, 6, 59, tzinfo=NY).astimezone(UTC)
    assert after_quiet_hours(early, NY, "22:00", "07:00").astimezone(NY).hour == 7
    noon = datetime(2026, 11, 27, 12, 0, tzinfo=NY).astimezone(UTC)
    assert after_quiet_hours(noon, NY, "22:00", "07:00") == noon
    assert not in_quiet_hours(noon, NY, "07:00", "07:00")  # same start and end: never quiet


def test_quiet_hours_end_at_7_local_on_the_night_the_clocks_change():
    night = datetime(2026, 3, 7, 23, 0, tzinfo=NY).astimezone(UTC)
    moved = after_quiet_hours(night, NY, "22:00", "07:00")
    assert moved == utc(2026, 3, 8, 11)  # 07:00 EDT, not 07:00 EST
    assert moved - night == timedelta(hours=7)  # one hour of the night was skipped


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"]),
    st.lists(st.times().map(lambda t: t.strftime("%H:%M")), min_size=1, max_size=4),
)
def test_every_dose_is_once_a_day_at_its_local_time(day, zone_name, clocks):
    zone = ZoneInfo(zone_name)
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=7), datetime.min.time(), tzinfo=zone)
    found = moments_between(clocks, [], zone, start.astimezone(UTC), end.astimezone(UTC))
    # A clock in a spring-forward gap can land on another clock of the same day.
    assert len(found) <= 7 * len(set(clocks))
    assert len(found) >= 7 * len(set(clocks)) - 1
    for moment in found:
        local = moment.astimezone(zone)
        wall = local.strftime("%H:%M")
        shifted = (local - timedelta(hours=1)).strftime("%H:%M")
        assert wall in clocks or shifted in clocks
