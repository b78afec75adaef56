"""Telling people about a risk alert at once, so that it never waits for someone to look.
A support-group post held for safety is told the same way, to the group's facilitator.

When an alert opens, each clinician on the patient's care team gets a push on every device
they turned alerts on for, and an email. When the clinic is closed at that moment, or when
the alert is escalated (unanswered too long in clinic hours), the clinic's on-call clinician
and its after-hours contact are told too. The words are fixed and neutral (no name, no
answer, no diagnosis: a lock screen and an inbox are seen by others). Notices are rows made
in the alert's own transaction, so a crash cannot lose one; any worker sends them within
seconds and each is sent once. Every notice sent lands in the audit trail.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, delete, select

from portal_app.content.catalog import text
from portal_app.models import (
    AlertNotice,
    Clinic,
    GroupSafetyAlert,
    Language,
    PushSubscription,
    RiskAlert,
    Role,
    SupportGroup,
    User,
)
from portal_app.services.access import care_team_of
from portal_app.services.clinic.tenancy import clinic_origin
from portal_app.services.common import audit
from portal_app.services.common.claims import claim_pending
from portal_app.services.common.local_time import as_utc
from portal_app.services.common.mail import build_message
from portal_app.services.medication.push import Attempt, Device, PushSender, encrypt_for
from portal_app.services.medication.push_payloads import ICON, payload_bytes
from portal_app.services.medication.reminders import insert_new

logger = logging.getLogger("portal.alerts")
SessionFactory = Callable[[], AbstractContextManager[Session]]
STALE_CLAIM = timedelta(minutes=2)
WHY = ("new", "after_hours", "escalated")


@dataclass(frozen=True)
class Recipient:
    user_id: uuid.UUID | None  # None: the after-hours contact, who has no account
    email: str


def clinic_is_open(clinic: Clinic, moment: datetime) -> bool:
    """True in the clinic's own hours on its open weekdays (its time zone)."""
    local = as_utc(moment).astimezone(ZoneInfo(clinic.timezone))
    open_days = {int(d) for d in clinic.open_weekdays.split(",") if d.strip().isdigit()}
    opens = datetime.combine(local.date(), time(clinic.opens_at_hour), tzinfo=local.tzinfo)
    closes = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo) + timedelta(
        hours=clinic.closes_at_hour
    )
    return local.weekday() in open_days and opens <= local < closes


def _care_team(db: Session, patient_id: uuid.UUID) -> list[Recipient]:
    return [Recipient(person.id, person.email) for person in care_team_of(db, patient_id)]


def on_call_clinician(db: Session, clinic: Clinic) -> User | None:
    """The clinic's named on-call clinician, if they are still an active clinician there."""
    if clinic.on_call_clinician_id is None:
        return None
    person = db.get(User, clinic.on_call_clinician_id)
    if person is None or not person.is_active or person.role is not Role.CLINICIAN:
        return None
    return person if person.clinic_id == clinic.id else None


def _on_call(db: Session, clinic: Clinic) -> list[Recipient]:
    people = []
    person = on_call_clinician(db, clinic)
    if person is not None:
        people.append(Recipient(person.id, person.email))
    if clinic.after_hours_email:
        people.append(Recipient(None, clinic.after_hours_email))
    return people


def _queue(
    db: Session,
    people: list[Recipient],
    why: str,
    *,
    now: datetime,
    alert_id: uuid.UUID | None = None,
    safety_alert_id: uuid.UUID | None = None,
) -> int:
    about = alert_id or safety_alert_id
    rows = [
        {
            "id": uuid.uuid4(),
            "key": f"{why}:{about}:{person.user_id or person.email}"[:160],
            "alert_id": alert_id,
            "safety_alert_id": safety_alert_id,
            "why": why,
            "user_id": person.user_id,
            "email": person.email,
            "status": "pending",
            "claimed_by": "",
            "devices_reached": 0,
            "created_at": now,
        }
        for person in people
    ]
    return insert_new(db, rows, table=AlertNotice)


def queue_new_alert(db: Session, alert: RiskAlert, *, now: datetime) -> int:
    """The care team, at once; the on-call people too when the clinic is closed now. No care
    team at all also goes to on call: an alert must always reach someone."""
    clinic = db.get(Clinic, alert.clinic_id)
    assert clinic is not None
    team = _care_team(db, alert.patient_id)
    count = _queue(db, team, "new", now=now, alert_id=alert.id)
    if not team or not clinic_is_open(clinic, now):
        count += _queue(db, _on_call(db, clinic), "after_hours", now=now, alert_id=alert.id)
    audit.record(
        db,
        "risk_alert.opened",
        now=now,
        patient_id=alert.patient_id,
        clinic_id=alert.clinic_id,
        category="questionnaires",
    )
    return count


def queue_escalation(db: Session, alert: RiskAlert, clinic: Clinic, *, now: datetime) -> int:
    """An alert nobody answered in time goes to the on-call clinician and after-hours contact.
    With nobody named on call, the care team is told again: an escalation never goes nowhere."""
    people = _on_call(db, clinic) or _care_team(db, alert.patient_id)
    return _queue(db, people, "escalated", now=now, alert_id=alert.id)


def _facilitator(person: User | None) -> list[Recipient]:
    if person is None or not person.is_active or person.role is not Role.CLINICIAN:
        return []
    return [Recipient(person.id, person.email)]


def queue_safety_hold(
    db: Session, hold: GroupSafetyAlert, clinic: Clinic, facilitator: User | None, *, now: datetime
) -> bool:
    """A post held for safety: its group's facilitator at once, like a care team for a risk
    alert; the on-call people too when the clinic is closed or nobody facilitates. True when
    on call was told (they may then read and close the hold)."""
    people = _facilitator(facilitator)
    _queue(db, people, "new", now=now, safety_alert_id=hold.id)
    if people and clinic_is_open(clinic, now):
        return False
    _queue(db, _on_call(db, clinic), "after_hours", now=now, safety_alert_id=hold.id)
    return True


def queue_hold_escalation(
    db: Session, hold: GroupSafetyAlert, clinic: Clinic, facilitator: User | None, *, now: datetime
) -> int:
    """A hold nobody closed in time goes to on call (or, with nobody named, the facilitator
    again), as for a risk alert."""
    people = _on_call(db, clinic) or _facilitator(facilitator)
    return _queue(db, people, "escalated", now=now, safety_alert_id=hold.id)


def claim(db: Session, *, now: datetime, worker: str, limit: int = 100) -> list[uuid.UUID]:
    """Take pending notices for this worker; no other worker can take them too."""
    return claim_pending(
        db,
        AlertNotice,
        now=now,
        worker=worker,
        limit=limit,
        stale_after=STALE_CLAIM,
        order=col(AlertNotice.created_at),
    )


@dataclass
class NoticeJob:
    notice_id: uuid.UUID
    why: str
    email: str
    language: str
    clinic_name: str
    minutes: int
    still_open: bool
    bodies: list[tuple[uuid.UUID, str, bytes]] = field(default_factory=list)
    hostname: str | None = None  # the clinic's, where the email's link must point
    kind: str = "alert"  # "alert" (a risk alert) or "hold" (a group post held for safety)


@dataclass(frozen=True)
class About:
    """What a notice is about, as far as telling someone needs: never any text."""

    kind: str  # "alert" or "hold"
    clinic: Clinic
    still_open: bool
    patient_id: uuid.UUID | None  # a risk alert's patient, for the audit trail


def about(db: Session, notice: AlertNotice) -> About | None:
    if notice.alert_id is not None:
        alert = db.get(RiskAlert, notice.alert_id)
        clinic = db.get(Clinic, alert.clinic_id) if alert else None
        if alert is None or clinic is None:
            return None
        return About("alert", clinic, alert.acknowledged_at is None, alert.patient_id)
    hold = db.get(GroupSafetyAlert, notice.safety_alert_id) if notice.safety_alert_id else None
    group = db.get(SupportGroup, hold.group_id) if hold else None
    clinic = db.get(Clinic, group.clinic_id) if group else None
    if hold is None or clinic is None:
        return None
    return About("hold", clinic, hold.acknowledged_at is None, None)


def staff_payload(language: str, notice_id: uuid.UUID) -> dict[str, object]:
    """What a staff phone shows: fixed words, the alerts page, and nothing about anyone."""
    return {
        "title": text("push.title.app", language),
        "body": text("push.body.alert", language),
        "icon": ICON,
        "tag": f"alert-{notice_id}",
        "url": "/alerts",
        "actions": [],
        "reminder": "",
        "token": "",
        "lang": language,
    }


def prepare(db: Session, ids: list[uuid.UUID], *, push: bool) -> list[NoticeJob]:
    """Load the claimed notices and encrypt one message per device of each staff member."""
    jobs = []
    for notice in db.exec(select(AlertNotice).where(col(AlertNotice.id).in_(ids))).all():
        subject = about(db, notice)
        person = db.get(User, notice.user_id) if notice.user_id else None
        if subject is None:
            continue
        clinic = subject.clinic
        language = Language(person.language).value if person else "en"
        job = NoticeJob(
            notice.id,
            notice.why,
            notice.email,
            language,
            clinic.name,
            clinic.alert_escalation_minutes,
            still_open=subject.still_open,
            hostname=clinic.hostname,
            kind=subject.kind,
        )
        if push and person is not None and job.still_open:
            data = payload_bytes(staff_payload(language, notice.id))
            for device in db.exec(
                select(PushSubscription).where(PushSubscription.user_id == person.id)
            ):
                keys = Device(device.endpoint, device.p256dh, device.auth)
                job.bodies.append((device.id, device.endpoint, encrypt_for(keys, data)))
        jobs.append(job)
    return jobs


def notice_email(job: NoticeJob, origin: str) -> EmailMessage:
    """Neutral words and a link to sign in: the alert itself is only behind the sign-in."""
    body = text(f"email.{job.kind}.{job.why}.body", job.language).format(
        clinic=job.clinic_name,
        link=clinic_origin(origin, job.hostname) + "/alerts",
        minutes=job.minutes,
    )
    return build_message(job.email, text(f"email.{job.kind}.subject", job.language), body)


def record(
    db: Session,
    jobs: list[NoticeJob],
    reached: dict[uuid.UUID, int],
    emailed: set[uuid.UUID],
    *,
    now: datetime,
) -> None:
    """Each notice's outcome, and one audit event for each person told."""
    for job in jobs:
        notice = db.get(AlertNotice, job.notice_id)
        if notice is None:
            continue
        subject = about(db, notice)
        devices = reached.get(job.notice_id, 0)
        notice.devices_reached = devices
        notice.pushed_at = now if devices else None
        notice.emailed_at = now if job.notice_id in emailed else None
        if not job.still_open:
            notice.status = "closed"  # answered before it went out: nobody needs waking
        elif devices or notice.emailed_at:
            notice.status = "sent" if devices else "emailed"
        else:
            notice.status = "failed"
        db.add(notice)
        if subject is not None and job.still_open:
            how = "push" if devices else "email"
            audit.record(
                db,
                f"risk_alert.told_{how}" if subject.kind == "alert" else f"group.safety_told_{how}",
                now=now,
                actor_id=notice.user_id,
                patient_id=subject.patient_id,
                clinic_id=subject.clinic.id,
                category="questionnaires" if subject.kind == "alert" else "groups",
            )


@dataclass
class AlertNotifier:
    """Sends pending alert notices; one per app process (or `portal worker`), every 2 s."""

    sessions: SessionFactory
    sender: PushSender | None
    origin: str
    deliver_email: Callable[[EmailMessage], None]
    worker: str

    def _claim_and_prepare(self, now: datetime) -> list[NoticeJob]:
        with self.sessions() as db:
            ids = claim(db, now=now, worker=self.worker)
        if not ids:
            return []
        with self.sessions() as db:
            return prepare(db, ids, push=self.sender is not None)

    def _email_and_record(self, jobs: list[NoticeJob], reached: dict[uuid.UUID, int]) -> None:
        emailed = set()
        for job in jobs:
            if not job.still_open:
                continue
            try:
                self.deliver_email(notice_email(job, self.origin))
                emailed.add(job.notice_id)
            except OSError:
                pass  # recorded as pushed only, or failed; the alert page still shows it
        with self.sessions() as db:
            record(db, jobs, reached, emailed, now=datetime.now(UTC))

    async def _push(self, jobs: list[NoticeJob]) -> dict[uuid.UUID, int]:
        """Every device at once; how many devices each notice reached. Devices their push
        service says are gone are removed, as for reminders."""
        sends = [(job.notice_id, *body) for job in jobs for body in job.bodies]
        if not sends or self.sender is None:
            return {}
        sender = self.sender
        outcomes: list[list[Attempt]] = await asyncio.gather(
            *(sender.send(url, body, urgency="high", topic="alert") for _, _, url, body in sends)
        )
        reached: dict[uuid.UUID, int] = {}
        gone = set()
        for (notice_id, device_id, _, _), tries in zip(sends, outcomes, strict=True):
            if any(a.outcome == "sent" for a in tries):
                reached[notice_id] = reached.get(notice_id, 0) + 1
            if any(a.outcome == "gone" for a in tries):
                gone.add(device_id)
        if gone:
            await asyncio.to_thread(self._forget_devices, gone)
        return reached

    def _forget_devices(self, gone: set[uuid.UUID]) -> None:
        with self.sessions() as db:
            db.exec(delete(PushSubscription).where(col(PushSubscription.id).in_(gone)))

    async def _send(self, jobs: list[NoticeJob]) -> None:
        reached = await self._push(jobs)
        await asyncio.to_thread(self._email_and_record, jobs, reached)

    async def _send_in_background(self, jobs: list[NoticeJob]) -> None:
        try:
            await self._send(jobs)
        except Exception:  # the claim goes stale and another round sends them again
            logger.exception("Alert notices failed; they will be sent again")

    async def run_once(self, now: datetime) -> int:
        """Claim, send and record one batch (waits for every device)."""
        jobs = await asyncio.to_thread(self._claim_and_prepare, now)
        if jobs:
            await self._send(jobs)
        return len(jobs)

    async def start_round(self, now: datetime, running: set[asyncio.Task[None]]) -> int:
        """Claim a batch and send it in the background: a device that hangs (up to its
        timeouts, about 30 s) must not hold back the next alert (found in CI: a new alert's
        push waited behind an earlier round to a dead device). `running` keeps the tasks."""
        jobs = await asyncio.to_thread(self._claim_and_prepare, now)
        if jobs:
            task = asyncio.create_task(self._send_in_background(jobs))
            running.add(task)
            task.add_done_callback(running.discard)
        return len(jobs)
