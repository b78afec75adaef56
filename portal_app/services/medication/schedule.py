"""Clock arithmetic for reminders, in the patient's own time zone.

Times are kept as the patient's wall-clock "HH:MM" and turned into UTC moments day by day,
so a dose at 08:00 stays at 08:00 across daylight-saving changes. A time that does not exist
on the spring-forward day moves to the same minute one hour later; a time that happens twice
in the autumn is used once (the first).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_clock(value: str) -> time | None:
    """ "HH:MM" (24-hour) to a time, or None when it is not one."""
    hours, _, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


def clean_clocks(values: Iterable[str]) -> list[str] | None:
    """Sorted, de-duplicated "HH:MM" texts, or None if any is not a time."""
    parsed = [parse_clock(v) for v in values if v.strip()]
    if any(p is None for p in parsed):
        return None
    return sorted({p.strftime("%H:%M") for p in parsed if p is not None})


def at_local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of a wall-clock time on a local day (gap times move forward)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def local_days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterator[date]:
    day, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def moments_between(
    clocks: Iterable[str], weekdays: Iterable[int], zone: ZoneInfo, start: datetime, end: datetime
) -> list[datetime]:
    """Every scheduled moment in [start, end): the clocks on each chosen weekday ([] = daily)."""
    days_wanted = set(weekdays)
    parsed = [c for c in (parse_clock(v) for v in clocks) if c is not None]
    found: list[datetime] = []
    for day in local_days(start, end, zone):
        if days_wanted and day.weekday() not in days_wanted:
            continue
        found.extend(m for m in (at_local(day, c, zone) for c in parsed) if start <= m < end)
    return sorted(set(found))


def in_quiet_hours(moment: datetime, zone: ZoneInfo, quiet_from: str, quiet_until: str) -> bool:
    start, end = parse_clock(quiet_from), parse_clock(quiet_until)
    if start is None or end is None or start == end:
        return False
    now = moment.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= now < end
    return now >= start or now < end  # overnight, e.g. 22:00-07:00


def after_quiet_hours(
    moment: datetime, zone: ZoneInfo, quiet_from: str, quiet_until: str
) -> datetime:
    """The moment itself, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(moment, zone, quiet_from, quiet_until):
        return moment
    end = parse_clock(quiet_until)
    assert end is not None
    local = moment.astimezone(zone)
    candidate = at_local(local.date(), end, zone)
    if candidate <= moment:
        candidate = at_local(local.date() + timedelta(days=1), end, zone)
    return candidate
