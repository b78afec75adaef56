"""Work the app does on its own while it runs (Reflex lifespan tasks)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from portal_app.db import session_scope
from portal_app.services.risk_alerts import escalate_overdue

CHECK_EVERY_SECONDS = 60
logger = logging.getLogger("portal.background")


def escalate_now() -> int:
    with session_scope() as db:
        return escalate_overdue(db, now=datetime.now(UTC))


async def escalate_alerts_forever() -> None:
    """Every minute: risk alerts left unanswered too long in clinic hours are escalated. Each
    worker runs this; the claim is atomic, so every alert is escalated exactly once."""
    while True:
        try:
            await asyncio.to_thread(escalate_now)
        except Exception:
            logger.exception("Escalation check failed")  # safe_logging keeps only type and frames
        await asyncio.sleep(CHECK_EVERY_SECONDS)
