"""Work the app does on its own while it runs (Reflex lifespan tasks), and `portal worker`."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from datetime import UTC, datetime
from typing import Any

from portal_app.db import session_scope
from portal_app.services.care_team.alert_notices import AlertNotifier
from portal_app.services.care_team.risk_alerts import escalate_overdue
from portal_app.services.common.mail import deliverer
from portal_app.services.groups.safety import escalate_overdue_holds
from portal_app.services.medication.dispatch import Dispatcher
from portal_app.services.medication.push import PushSender, load_vapid
from portal_app.services.operations.retention import run_retention
from portal_app.settings import get_settings

CHECK_EVERY_SECONDS = 60
NOTICE_EVERY_SECONDS = 2.0
DISPATCH_EVERY_SECONDS = 20
RETENTION_EVERY_SECONDS = 3600
RETENTION_FIRST_AFTER_SECONDS = 1800  # well after a start (and after a test run's busiest part)
logger = logging.getLogger("portal.background")

# False only in a process that serves requests but must leave the shared work to others: the
# test runner's in-process client shares its database with the live servers it tests, and a
# notice it claimed would be sent from a process nobody watches.
WORK_HERE = True


def escalate_now() -> int:
    """Risk alerts and support-group safety holds left unanswered too long go to on call."""
    with session_scope() as db:
        now = datetime.now(UTC)
        return escalate_overdue(db, now=now) + escalate_overdue_holds(db, now=now)


async def escalate_alerts_forever() -> None:
    """Every minute: risk alerts and safety holds left unanswered too long in clinic hours are
    escalated. Each worker runs this; the claim is atomic, so each is escalated exactly once."""
    while WORK_HERE:
        try:
            await asyncio.to_thread(escalate_now)
        except Exception:
            logger.exception("Escalation check failed")  # safe_logging keeps only type and frames
        await asyncio.sleep(CHECK_EVERY_SECONDS)


def _sending_parts(name: str) -> dict[str, Any]:
    """What every sender is built from: the push sender (None without VAPID keys), the email
    way out, the public address for links, and this worker's name for its claims."""
    settings = get_settings()
    assert settings.vapid_file is not None
    vapid = load_vapid(settings.vapid_file)
    return {
        "sessions": session_scope,
        "sender": PushSender(vapid, settings.vapid_subject) if vapid else None,
        "origin": settings.public_origin,
        "deliver_email": deliverer(smtp_url=settings.smtp_url, outbox=settings.data_dir / "outbox"),
        "worker": name or f"{socket.gethostname()}:{os.getpid()}",
    }


def build_dispatcher(name: str = "") -> Dispatcher:
    """A dispatcher from the settings; without VAPID keys it still shows reminders on Home."""
    return Dispatcher(secret=str(get_settings().secret_key), **_sending_parts(name))


async def tell_about_alerts_forever(every: float = NOTICE_EVERY_SECONDS) -> None:
    """Every 2 s: new and escalated risk alerts go out to the people to tell. Runs in every
    app process and every `portal worker` whatever else is configured (an alert must never
    depend on a setting); each notice is claimed by exactly one of them."""
    if not WORK_HERE:
        return
    notifier = AlertNotifier(**_sending_parts(""))
    running: set[asyncio.Task[None]] = set()
    try:
        while True:
            try:
                told = await notifier.start_round(datetime.now(UTC), running)
                if told:
                    logger.info("Alert round: %d notices going out", told)
            except Exception:
                logger.exception("Alert notices failed")
            await asyncio.sleep(every)
    finally:
        if notifier.sender is not None:
            await notifier.sender.close()


async def dispatch_reminders_forever(every: float = DISPATCH_EVERY_SECONDS) -> None:
    """Send due reminders every few seconds. Safe on every worker: each reminder is claimed
    by exactly one of them."""
    dispatcher = build_dispatcher()
    try:
        await _dispatch_loop(dispatcher, every)
    finally:
        await dispatcher.close()


async def _dispatch_loop(dispatcher: Dispatcher, every: float) -> None:
    while True:
        try:
            started = time.monotonic()
            report = await dispatcher.run_once()
            if report.claimed:
                logger.info(
                    "Reminder round: %d claimed, %d pushed, %d without a device, %d failed, "
                    "%d device tries, %.1f s",
                    report.claimed,
                    report.sent,
                    report.no_device,
                    report.failed,
                    report.attempts,
                    time.monotonic() - started,
                )
        except Exception:
            logger.exception("Reminder dispatch failed")
        await asyncio.sleep(every)


async def reminders_in_process() -> None:
    """The app's own dispatcher and retention job, unless `portal worker` processes do them."""
    if WORK_HERE and get_settings().reminders_in_process:
        await asyncio.gather(dispatch_reminders_forever(), retention_forever())


def retention_now() -> dict[str, int] | None:
    with session_scope() as db:
        return run_retention(db, now=datetime.now(UTC))


async def retention_forever(
    first_after: float = RETENTION_FIRST_AFTER_SECONDS, every: float = RETENTION_EVERY_SECONDS
) -> None:
    """Hourly: delete what each clinic no longer keeps. Every worker tries; the first to
    claim the hour runs it (services/operations/retention.py)."""
    await asyncio.sleep(first_after)
    while WORK_HERE:
        try:
            deleted = await asyncio.to_thread(retention_now)
            if deleted is not None:
                said = ", ".join(f"{rule} {count}" for rule, count in deleted.items() if count)
                logger.info("Retention run: %s", said or "nothing was old enough")
        except Exception:
            logger.exception("Retention run failed")
        await asyncio.sleep(every)
