"""'Who looked at my record': a patient's own view of the audit trail, in plain words."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from portal_app.models import AuditEvent, Role, User
from portal_app.services.access import Actor, NotFound, own_patient_id
from portal_app.services.common.local_time import local_text, zone_of

SHOWN = 50


@dataclass(frozen=True)
class AccessLogEntry:
    when: str  # local date and time, e.g. "2026-11-26 14:05"
    who: str  # the person's name, or "You"
    role: str  # Role value of who looked
    category: str  # access.Category value
    action: str  # "read" or "change"
    times: int = 1  # how many such looks it stands for (see by_person_part_and_day)


ACTIONS = ("read", "change", "export_fhir")


def _shown_action(action: str) -> str:
    """The verb a patient reads ("looked at", "changed", "downloaded"); anything newer reads
    as "looked at" rather than failing to show the list."""
    verb = action.rsplit(".", 1)[-1]
    return verb if verb in ACTIONS else "read"


def who_looked(
    db: Session, actor: Actor, *, only_role: Role | None = None, limit: int = SHOWN
) -> list[AccessLogEntry]:
    """The newest reads and changes of the actor's record by anyone else (or only by people
    of `only_role`, e.g. "What my caregivers looked at"). Patients only."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    zone = zone_of(db, actor.user_id)
    rows = db.exec(
        select(AuditEvent, User)
        .join(User, col(User.id) == AuditEvent.actor_id, isouter=True)
        .where(
            AuditEvent.patient_id == patient_id,
            # Their own views are in the audit trail, but "who looked" is about other people.
            col(AuditEvent.actor_id).is_distinct_from(actor.user_id),
            # "What my caregivers looked at": the record, not their own yes or no.
            *([User.role == only_role, AuditEvent.category != "proxy"] if only_role else []),
        )
        .order_by(col(AuditEvent.seq).desc())
        .limit(limit)
    ).all()
    return [
        AccessLogEntry(
            when=local_text(event.at, zone),
            who="" if user is None or user.id == actor.user_id else user.display_name,
            role=user.role.value if user else Role.CLINIC_ADMIN.value,
            category=event.category,
            action=_shown_action(event.action),
        )
        for event, user in rows
    ]


def by_person_part_and_day(entries: list[AccessLogEntry]) -> list[AccessLogEntry]:
    """One line per person, part of the record and day, with how many times, newest first
    (found: 50 near-identical lines for three minutes of a caregiver reading)."""
    groups: dict[tuple[str, str, str, str, str], AccessLogEntry] = {}
    for entry in entries:
        key = (entry.who, entry.role, entry.category, entry.action, entry.when[:10])
        first = groups.get(key)
        groups[key] = entry if first is None else replace(first, times=first.times + 1)
    return list(groups.values())
