"""Sending due reminders: claim a batch, encrypt one message per device, send them all at
once through the shared sender, then record every attempt (never the text) in one go.

Database work and encryption run in threads, so an in-process dispatcher never stalls the
app's event loop. A reminder no device could take shows on Home anyway, and goes out as a
neutral email when the patient asked for that.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, delete, insert, select, update

from portal_app.content.catalog import text
from portal_app.models import (
    Clinic,
    Language,
    Patient,
    PushAttempt,
    PushSubscription,
    Reminder,
    User,
)
from portal_app.services.clinic.tenancy import clinic_origin
from portal_app.services.common.mail import build_message
from portal_app.services.groups.meeting_reminders import plan_group_meetings
from portal_app.services.medication.push import Attempt, Device, PushSender, encrypt_for
from portal_app.services.medication.push_payloads import payload_bytes, payload_for
from portal_app.services.medication.reminders import (
    action_token,
    checked_in_days,
    claim_due,
    plan_due,
    settings_by_patient,
    still_wanted,
)

SessionFactory = Callable[[], AbstractContextManager[Session]]
PLAN_EVERY = timedelta(seconds=10)
QUESTIONNAIRE_PLAN_EVERY = timedelta(minutes=5)
URGENCY = {"dose": "high", "message": "normal"}


@dataclass
class Job:
    """One claimed reminder, ready to go: its encrypted message for each device."""

    reminder_id: uuid.UUID
    kind: str
    email: str
    language: str
    email_too: bool
    bodies: list[tuple[uuid.UUID, str, bytes]] = field(default_factory=list)  # device, url, body
    wanted: bool = True
    hostname: str | None = None  # the person's clinic's, where the email's link must point


@dataclass
class Report:
    claimed: int = 0
    sent: int = 0
    no_device: int = 0
    failed: int = 0
    emailed: int = 0
    attempts: int = 0


def _prepare(db: Session, ids: list[uuid.UUID], secret: str, *, push: bool) -> list[Job]:
    """Load a batch with a handful of column queries (not whole rows: this runs for every
    reminder sent) and encrypt one message per device."""
    reminders = db.exec(select(Reminder).where(col(Reminder.id).in_(ids))).all()
    user_ids, patient_ids = {r.user_id for r in reminders}, {r.patient_id for r in reminders}
    hostnames = dict(
        db.exec(
            select(col(User.id), col(Clinic.hostname))
            .join(Clinic, col(Clinic.id) == User.clinic_id)
            .where(col(User.id).in_(user_ids))
        ).all()
    )
    users = {
        uid: (email, Language(language).value, bool(active), hostnames.get(uid))
        for uid, email, language, active in db.exec(
            select(col(User.id), col(User.email), col(User.language), col(User.is_active)).where(
                col(User.id).in_(user_ids)
            )
        )
    }
    devices: dict[uuid.UUID, list[tuple[uuid.UUID, Device]]] = {uid: [] for uid in user_ids}
    for sub in db.exec(select(PushSubscription).where(col(PushSubscription.user_id).in_(user_ids))):
        devices[sub.user_id].append((sub.id, Device(sub.endpoint, sub.p256dh, sub.auth)))
    zones = {
        pid: ZoneInfo(zone)
        for pid, zone in db.exec(
            select(col(Patient.id), col(Patient.timezone)).where(col(Patient.id).in_(patient_ids))
        )
    }
    chosen_by = settings_by_patient(db, patient_ids)
    checked_in = checked_in_days(db, list(reminders))
    jobs = []
    for reminder in reminders:
        (email, language, active, hostname) = users[reminder.user_id]
        chosen = chosen_by[reminder.patient_id]
        job = Job(reminder.id, reminder.kind, email, language, chosen.email_too, hostname=hostname)
        zone = zones[reminder.patient_id]
        job.wanted = active and still_wanted(db, reminder, chosen, zone, checked_in)
        if job.wanted and push:
            token = action_token(secret, reminder.id, reminder.user_id)
            payload = payload_for(
                reminder.kind,
                job.language,
                neutral=chosen.neutral_look,
                reminder_id=reminder.id,
                token=token,
            )
            data = payload_bytes(payload)
            for device_id, device in devices[reminder.user_id]:
                job.bodies.append((device_id, device.endpoint, encrypt_for(device, data)))
        jobs.append(job)
    return jobs


def _neutral_email(job: Job, origin: str) -> EmailMessage:
    link = clinic_origin(origin, job.hostname) + "/"
    body = text("email.reminder.body", job.language).format(link=link)
    return build_message(job.email, text("email.reminder.subject", job.language), body)


def _outcome(job: Job, tries: list[Attempt]) -> str:
    if not job.wanted:
        return "off"
    if any(a.outcome == "sent" for a in tries):
        return "sent"
    return "failed" if job.bodies else "no_device"


def _record(
    db: Session,
    jobs: list[Job],
    results: dict[tuple[uuid.UUID, uuid.UUID], list[Attempt]],
    *,
    now: datetime,
    emailed: set[uuid.UUID],
) -> Report:
    """A few bulk statements per batch: every attempt, each reminder's new status, gone
    devices removed, and when each device last got a message."""
    report = Report(claimed=len(jobs), emailed=len(emailed))
    attempts, by_status = [], defaultdict(list)
    for job in jobs:
        tries = [
            a
            for device_id, _, _ in job.bodies
            for a in results.get((job.reminder_id, device_id), [])
        ]
        attempts += [
            {
                "id": uuid.uuid4(),
                "reminder_id": job.reminder_id,
                "subscription_id": device_id,
                "at": now,
                "try_number": a.try_number,
                "status_code": a.status_code,
                "outcome": a.outcome,
            }
            for device_id, _, _ in job.bodies
            for a in results.get((job.reminder_id, device_id), [])
        ]
        by_status[_outcome(job, tries)].append(job.reminder_id)
    if attempts:
        db.connection().execute(insert(PushAttempt), attempts)
    stamps = {"off": "done_at", "sent": "sent_at"}
    for status, ids in by_status.items():
        values: dict[str, object] = {"status": status}
        if status in stamps:
            values[stamps[status]] = now
        db.exec(update(Reminder).where(col(Reminder.id).in_(ids)).values(**values))
    if emailed:
        db.exec(update(Reminder).where(col(Reminder.id).in_(emailed)).values(emailed_at=now))
    report.sent, report.failed = len(by_status["sent"]), len(by_status["failed"])
    report.no_device, report.attempts = len(by_status["no_device"]), len(attempts)
    gone = {d for (_, d), tries in results.items() if any(a.outcome == "gone" for a in tries)}
    if gone:
        db.exec(delete(PushSubscription).where(col(PushSubscription.id).in_(gone)))
    reached = {d for (_, d), tries in results.items() if any(a.outcome == "sent" for a in tries)}
    if reached:
        db.exec(
            update(PushSubscription)
            .where(col(PushSubscription.id).in_(reached))
            .values(last_sent_at=now)
        )
    return report


def _chunks(items: list[uuid.UUID], size: int) -> Iterator[list[uuid.UUID]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Dispatcher:
    """Everything one dispatch round needs; shared by the app's loop and `portal worker`."""

    sessions: SessionFactory
    sender: PushSender | None  # None without VAPID keys: Home and email still work
    secret: str
    origin: str
    deliver_email: Callable[[EmailMessage], None]
    worker: str
    batch: int = 500
    # One batch is written at a time: SQLite writers would otherwise wait on each other.
    _writing: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _planned: datetime = field(default=datetime.min.replace(tzinfo=UTC), init=False)
    _questionnaires_planned: datetime = field(default=datetime.min.replace(tzinfo=UTC), init=False)

    def _claim(self, now: datetime) -> list[uuid.UUID]:
        # Planning looks at every schedule: once per round of the loop is enough, and
        # questionnaires fall due by the day, so every few minutes is plenty for them.
        if now - self._planned >= PLAN_EVERY:
            stale = now - self._questionnaires_planned >= QUESTIONNAIRE_PLAN_EVERY
            with self.sessions() as db:
                plan_due(db, now=now, questionnaires=stale)
                if stale:  # group meetings are planned a day ahead: every few minutes will do
                    plan_group_meetings(db, now=now)
            self._planned = now
            if stale:
                self._questionnaires_planned = now
        with self.sessions() as db:
            return claim_due(db, now=now, worker=self.worker, limit=self.batch)

    def _prepare(self, ids: list[uuid.UUID]) -> list[Job]:
        with self.sessions() as db:
            return _prepare(db, ids, self.secret, push=self.sender is not None)

    def _record(
        self,
        jobs: list[Job],
        results: dict[tuple[uuid.UUID, uuid.UUID], list[Attempt]],
        now: datetime,
    ) -> Report:
        emailed = set()
        delivered = {
            rid for (rid, _), tries in results.items() if any(a.outcome == "sent" for a in tries)
        }
        for job in jobs:
            if job.wanted and job.email_too and job.reminder_id not in delivered:
                self.deliver_email(_neutral_email(job, self.origin))
                emailed.add(job.reminder_id)
        with self.sessions() as db:
            return _record(db, jobs, results, now=now, emailed=emailed)

    async def _send_and_record(self, jobs: list[Job]) -> Report:
        sends = [
            (job.reminder_id, device_id, job.kind, endpoint, body)
            for job in jobs
            for device_id, endpoint, body in job.bodies
        ]
        sender = self.sender
        assert sender is not None or not sends
        outcomes = await asyncio.gather(
            *(
                sender.send(  # type: ignore[union-attr]
                    endpoint, body, urgency=URGENCY.get(kind, "normal"), topic=kind
                )
                for _, _, kind, endpoint, body in sends
            )
        )
        results = {(s[0], s[1]): tries for s, tries in zip(sends, outcomes, strict=True)}
        async with self._writing:
            return await asyncio.to_thread(self._record, jobs, results, datetime.now(UTC))

    async def close(self) -> None:
        if self.sender is not None:
            await self.sender.close()

    async def run_once(self, now: datetime | None = None) -> Report:
        """Send what is due now. Encrypting the next 100 overlaps with sending the last."""
        moment = now or datetime.now(UTC)
        ids = await asyncio.to_thread(self._claim, moment)
        rounds = []
        for chunk in _chunks(ids, 100):
            jobs = await asyncio.to_thread(self._prepare, chunk)
            rounds.append(asyncio.create_task(self._send_and_record(jobs)))
        total = Report()
        for report in await asyncio.gather(*rounds):
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(report, name))
        return total
