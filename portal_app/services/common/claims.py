"""Work rows (reminders, alert notices) that several workers share: each row is taken by
exactly one of them, and rows a worker took but never finished (it died) go back."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select, update


def claim_pending(
    db: Session,
    table: Any,
    *,
    now: datetime,
    worker: str,
    limit: int,
    stale_after: timedelta,
    ready: Any = None,
    order: Any,
) -> list[uuid.UUID]:
    """Move up to `limit` pending rows (that are `ready`, oldest `order` first) to "sending"
    for this worker. On PostgreSQL, rows another worker is taking are skipped, not waited on."""
    db.exec(
        update(table)
        .where(col(table.status) == "sending", col(table.claimed_at) < now - stale_after)
        .values(status="pending")
    )
    query = select(table.id).where(table.status == "pending")
    if ready is not None:
        query = query.where(ready)
    query = query.order_by(order).limit(limit)
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.exec(query).all())
    if ids:
        db.exec(
            update(table)
            .where(col(table.id).in_(ids), col(table.status) == "pending")
            .values(status="sending", claimed_by=worker[:64], claimed_at=now)
        )
    return ids
