"""Clinic admins search their clinic's audit trail and export it as CSV.

Only the admin's own clinic, newest first. Searching and exporting are themselves recorded,
without the search terms (they may name a patient).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from portal_app.models import AuditEvent, Patient, Role, User
from portal_app.services.access import Actor, NotFound
from portal_app.services.common import audit
from portal_app.services.common.local_time import local_text, zone_of

PAGE_SIZE = 25  # one screen's worth (found: 200 rows at once, about 42,000 px on a phone)
EXPORT_LIMIT = 100_000
CSV_HEADER = ("time", "who", "who_role", "on_behalf_of", "patient", "action", "category", "address")


@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None  # in the admin's own time zone, whole days
    until: date | None = None
    action: str = ""  # e.g. "sign_in" matches every sign-in event
    person: str = ""  # part of a name or email: who acted, or whose record

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> AuditFilter:
        """The search form's fields, read leniently: a date that is not a date means none."""

        def field(name: str) -> str:
            return str(form.get(name, "")).strip()[:120]

        return cls(
            since=parse_day(field("since")),
            until=parse_day(field("until")),
            action=field("action"),
            person=field("person"),
        )


@dataclass(frozen=True)
class AuditRow:
    when: str
    who: str
    who_role: str
    on_behalf_of: str
    patient: str
    action: str
    category: str
    address: str

    def as_dict(self) -> dict[str, str]:
        return dict(zip(CSV_HEADER, self.as_tuple(), strict=True))

    def as_tuple(self) -> tuple[str, ...]:
        return (
            self.when,
            self.who,
            self.who_role,
            self.on_behalf_of,
            self.patient,
            self.action,
            self.category,
            self.address,
        )


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    """The admin's day's start in UTC, as times are stored (SQLite compares them as text)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _rows(
    db: Session, actor: Actor, wanted: AuditFilter, limit: int, offset: int = 0
) -> list[AuditRow]:
    if actor.role is not Role.CLINIC_ADMIN:
        raise NotFound
    zone = zone_of(db, actor.user_id)
    who, behalf, patient_user = aliased(User), aliased(User), aliased(User)
    patient = aliased(Patient)
    query = (
        select(AuditEvent, who, behalf, patient_user)
        .join(who, col(who.id) == AuditEvent.actor_id, isouter=True)
        .join(behalf, col(behalf.id) == AuditEvent.on_behalf_of_id, isouter=True)
        .join(patient, col(patient.id) == AuditEvent.patient_id, isouter=True)
        .join(patient_user, col(patient_user.id) == patient.user_id, isouter=True)
        .where(AuditEvent.clinic_id == actor.clinic_id)
    )
    if wanted.since:
        query = query.where(col(AuditEvent.at) >= _day_start(wanted.since, zone))
    if wanted.until:
        query = query.where(col(AuditEvent.at) < _day_start(wanted.until + timedelta(days=1), zone))
    if wanted.action.strip():
        query = query.where(col(AuditEvent.action).contains(wanted.action.strip().lower()))
    if wanted.person.strip():
        term = f"%{wanted.person.strip().lower()}%"
        query = query.where(
            or_(
                *(
                    col(column).ilike(term)
                    for column in (
                        who.display_name,
                        who.email,
                        patient_user.display_name,
                        patient_user.email,
                    )
                )
            )
        )
    newest_first = (col(AuditEvent.at).desc(), col(AuditEvent.seq).desc())
    found = db.exec(query.order_by(*newest_first).offset(offset).limit(limit)).all()
    return [
        AuditRow(
            when=local_text(event.at, zone),
            who=who_user.display_name if who_user else "",
            who_role=who_user.role.value if who_user else "",
            on_behalf_of=behalf_user.display_name if behalf_user else "",
            patient=patient_person.display_name if patient_person else "",
            action=event.action,
            category=event.category,
            address=event.client_address,
        )
        for event, who_user, behalf_user, patient_person in found
    ]


def search(
    db: Session, actor: Actor, wanted: AuditFilter, *, now: datetime, page: int = 0
) -> tuple[list[AuditRow], bool]:
    """One page of the newest matching events of the admin's clinic (page 0 is the newest),
    and whether older ones follow."""
    page = max(page, 0)
    rows = _rows(db, actor, wanted, PAGE_SIZE + 1, offset=page * PAGE_SIZE)
    _record(db, actor, "audit.searched", now)
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def export_csv(db: Session, actor: Actor, wanted: AuditFilter, *, now: datetime) -> str:
    """The same search as CSV, up to 100,000 rows; cells that a spreadsheet would run are quoted."""
    rows = _rows(db, actor, wanted, EXPORT_LIMIT)
    _record(db, actor, "audit.exported", now)
    return to_csv(row.as_tuple() for row in rows)


def to_csv(rows: Iterable[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(tuple(_safe_cell(cell) for cell in row))
    return out.getvalue()


def _safe_cell(cell: str) -> str:
    """A leading = + - @ (or tab/CR) makes spreadsheets run the cell as a formula."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _record(db: Session, actor: Actor, action: str, now: datetime) -> None:
    audit.record(
        db,
        action,
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
        client_address=actor.client_address,
    )


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None
