"""Slow down password guessing, per account and per client address.

Per account: 5 free tries in 15 minutes, then a wait that doubles from 30 s up to 15 min, and
a hard stop at 20 failures in 24 hours. Per address: 30 failures in 15 minutes. At most a few
dozen guesses a day per account, so guessing cannot succeed. Only password sign-in slows
down: email links (and passkeys) still work, so an attacker cannot lock the real person out.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from portal_app.models import FailedSignIn
from portal_app.services.sessions import as_utc

FREE_TRIES = 5
WINDOW = timedelta(minutes=15)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
DAILY_LIMIT = 20
ADDRESS_LIMIT = 30


def account_key(email: str) -> str:
    # Hashed so the table never lists email addresses.
    return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:64]


def address_key(client_address: str) -> str:
    return "address:" + client_address[:64]


def _failures_since(db: Session, key: str, since: datetime, until: datetime) -> list[datetime]:
    rows = db.exec(
        select(FailedSignIn.at).where(
            FailedSignIn.key == key, col(FailedSignIn.at) > since, col(FailedSignIn.at) <= until
        )
    ).all()
    return sorted(as_utc(at) for at in rows)


def seconds_to_wait(db: Session, *, email: str, client_address: str, now: datetime) -> int:
    """0 when a password try is allowed now; otherwise how long until the next one is."""
    waits = [timedelta(0)]
    day = _failures_since(db, account_key(email), now - timedelta(days=1), now)
    if len(day) >= DAILY_LIMIT:
        waits.append(day[0] + timedelta(days=1) - now)
    recent = [at for at in day if at > now - WINDOW]
    if len(recent) >= FREE_TRIES:
        wait = min(FIRST_WAIT * 2 ** (len(recent) - FREE_TRIES), LONGEST_WAIT)
        waits.append(recent[-1] + wait - now)
    from_address = _failures_since(db, address_key(client_address), now - WINDOW, now)
    if len(from_address) >= ADDRESS_LIMIT:
        waits.append(from_address[0] + WINDOW - now)
    return max(0, int(max(waits).total_seconds() + 0.999))


def record_failure(db: Session, *, email: str, client_address: str, now: datetime) -> None:
    db.add(FailedSignIn(key=account_key(email), at=now))
    db.add(FailedSignIn(key=address_key(client_address), at=now))
    db.flush()


def forget_failures(db: Session, *, email: str) -> None:
    """A successful sign-in clears the account's count (not the address's)."""
    db.exec(delete(FailedSignIn).where(col(FailedSignIn.key) == account_key(email)))
