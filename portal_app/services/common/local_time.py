"""Times as the person reads them: in their own time zone (a patient's, else their clinic's)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from portal_app.models import Clinic, Patient, User


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def zone_of(db: Session, user_id: uuid.UUID) -> ZoneInfo:
    patient_zone = db.exec(select(Patient.timezone).where(Patient.user_id == user_id)).first()
    if patient_zone:
        return ZoneInfo(patient_zone)
    user = db.get(User, user_id)
    clinic = db.get(Clinic, user.clinic_id) if user else None
    return ZoneInfo(clinic.timezone if clinic else "UTC")


def local_text(moment: datetime | None, zone: ZoneInfo) -> str:
    """e.g. "2026-11-26 14:05"; empty for no time at all."""
    return as_utc(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""
