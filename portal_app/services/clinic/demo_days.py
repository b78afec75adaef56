"""What the demo history is made with: its clock (ten weeks, in the clinic's zone), seeded
choices, and a check that stops at once if a service refuses a step."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from portal_app.models import (
    Role,
    User,
)
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id

ZONE = ZoneInfo("America/New_York")
WEEKS = 10
GUARDIAN = ("morgan.lee@example.org", "Morgan Lee")


class DemoSeedError(RuntimeError):
    """A step of the history was refused: the demo would be half-made, so stop."""


def check(problem: object) -> None:
    """Fail loudly on a refused step (never `assert`: python -O drops asserts, and with them
    the calls inside them)."""
    if problem:
        raise DemoSeedError(str(problem))


def seeded(key: str) -> random.Random:
    """The same made-up choices on every install: seeded by name."""
    return random.Random(key)  # noqa: S311 - demo data, nothing secret


def jitter(rng: random.Random, value: int, low: int, high: int) -> int:
    return max(low, min(high, value + rng.choice((-1, 0, 0, 1))))


def local_at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local clock time on a day, in UTC (how everything is stored)."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


def actor_of(db: Session, email: str) -> Actor:
    user = db.get(User, demo_id("user", email))
    assert user is not None
    return Actor(user.id, Role(user.role), user.clinic_id)


def spread(total: int, items: int, rng: random.Random, *, last: int = 0, top: int = 3) -> list[int]:
    """Answers (0-`top` each) that add up to `total`, with the last item fixed to `last`."""
    answers = [0] * (items - 1)
    left = max(0, total - last)
    while left > 0:
        spot = rng.randrange(items - 1)
        if answers[spot] < top:
            answers[spot] += 1
            left -= 1
    return [*answers, last]


def between(start: int, end: int, step: int, steps: int) -> int:
    return round(start + (end - start) * step / max(1, steps - 1))


def history_days(today: date) -> Iterator[tuple[int, date]]:
    for step, days_ago in enumerate(range(WEEKS * 7, 0, -1)):
        yield step, today - timedelta(days=days_ago)
