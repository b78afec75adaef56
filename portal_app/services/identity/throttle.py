"""Slow down password guessing, per account and per client address.

Per account: 5 free tries in 15 minutes, then a wait that doubles from 30 s up to 15 min, and
a hard stop at 20 failures in 24 hours. Per address: 30 failures in 15 minutes. At most a few
dozen guesses a day per account, so guessing cannot succeed. That is for unknown devices: a
device where the person signed in before (services/identity/device_trust.py) is counted on its own,
with the same schedule, so a stranger's guesses never make the owner's own phone wait. Email
links and passkeys never slow down.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from portal_app.models import FailedSignIn
from portal_app.services.common.local_time import as_utc

FREE_TRIES = 5
WINDOW = timedelta(minutes=15)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
DAILY_LIMIT = 20
ADDRESS_LIMIT = 30


def account_of(clinic_id: uuid.UUID | None, email: str) -> str:
    """Whose guesses are counted together: an email at one clinic (the same address at another
    clinic is another account, and guessing at one must not slow the other)."""
    return f"{clinic_id}/{email.strip().lower()}"


def account_key(account: str) -> str:
    # Hashed so the table never lists email addresses.
    return "account:" + hashlib.sha256(account.encode()).hexdigest()[:64]


def address_key(client_address: str) -> str:
    return "address:" + client_address[:64]


def _failures_since(db: Session, key: str, since: datetime, until: datetime) -> list[datetime]:
    rows = db.exec(
        select(FailedSignIn.at).where(
            FailedSignIn.key == key, col(FailedSignIn.at) > since, col(FailedSignIn.at) <= until
        )
    ).all()
    return sorted(as_utc(at) for at in rows)


def _schedule(failures: list[datetime], now: datetime) -> timedelta:
    """The wait that a key's failures in the last day call for."""
    waits = [timedelta(0)]
    if len(failures) >= DAILY_LIMIT:
        waits.append(failures[0] + timedelta(days=1) - now)
    recent = [at for at in failures if at > now - WINDOW]
    if len(recent) >= FREE_TRIES:
        wait = min(FIRST_WAIT * 2 ** (len(recent) - FREE_TRIES), LONGEST_WAIT)
        waits.append(recent[-1] + wait - now)
    return max(waits)


def seconds_to_wait(
    db: Session,
    *,
    account: str,
    client_address: str,
    now: datetime,
    device_key: str | None = None,
) -> int:
    """0 when a password try is allowed now; otherwise how long until the next one is.
    `device_key`: the person's own known device, counted on its own."""
    day_ago = now - timedelta(days=1)
    if device_key:
        wait = _schedule(_failures_since(db, device_key, day_ago, now), now)
    else:
        waits = [_schedule(_failures_since(db, account_key(account), day_ago, now), now)]
        from_address = _failures_since(db, address_key(client_address), now - WINDOW, now)
        if len(from_address) >= ADDRESS_LIMIT:
            waits.append(from_address[0] + WINDOW - now)
        wait = max(waits)
    return max(0, int(wait.total_seconds() + 0.999))


def record_failure(
    db: Session,
    *,
    account: str,
    client_address: str,
    now: datetime,
    device_key: str | None = None,
) -> None:
    keys = [device_key] if device_key else [account_key(account), address_key(client_address)]
    for key in keys:
        db.add(FailedSignIn(key=key, at=now))
    db.flush()


def forget_failures(db: Session, *, account: str, device_key: str | None = None) -> None:
    """A successful sign-in clears the account's count and the device's (not the address's)."""
    keys = [account_key(account), *([device_key] if device_key else [])]
    db.exec(delete(FailedSignIn).where(col(FailedSignIn.key).in_(keys)))
