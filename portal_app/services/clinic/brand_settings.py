"""The clinic's look and public numbers, changed by its admin on screen: name, two colours
(refused under WCAG contrast, services/clinic/branding.py), phone lines in English and Spanish,
how soon the team replies, time zone and first language. Every change is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import available_timezones

from sqlmodel import Session

from portal_app.services.access import Actor
from portal_app.services.clinic.branding import colour_problem
from portal_app.services.clinic.clinic_settings import admins_clinic
from portal_app.services.common import audit
from portal_app.services.problems import BrandProblem

PHONE_SHAPE = re.compile(r"^[0-9+() .\-]{3,32}$")
REPLY_HOURS = (24, 48, 72)
LANGUAGES = ("en", "es")
# The zones offered first (most clinics using this are in the US); any IANA name is accepted.
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
)


@dataclass(frozen=True)
class BrandSettings:
    name: str
    primary_color: str
    accent_color: str
    phone: str
    after_hours_phone: str
    after_hours_phone_es: str
    usual_reply_hours: int
    timezone: str
    default_language: str


def brand_of(db: Session, actor: Actor) -> BrandSettings:
    c = admins_clinic(db, actor)
    return BrandSettings(
        c.name,
        c.primary_color,
        c.accent_color,
        c.phone or "",
        c.after_hours_phone or "",
        c.after_hours_phone_es,
        c.usual_reply_hours,
        c.timezone,
        c.default_language,
    )


def brand_problem(wanted: BrandSettings) -> str:
    """ "" when every value can be used, else the catalog key of the first thing to fix."""
    if not 1 <= len(wanted.name.strip()) <= 120:
        return BrandProblem.NAME
    colours = colour_problem(wanted.primary_color.strip(), wanted.accent_color.strip())
    if colours:
        return {"shape": BrandProblem.COLOUR_SHAPE, "primary": BrandProblem.PRIMARY_CONTRAST}.get(
            colours, BrandProblem.ACCENT_CONTRAST
        )
    for number in (wanted.phone, wanted.after_hours_phone, wanted.after_hours_phone_es):
        if number.strip() and not PHONE_SHAPE.match(number.strip()):
            return BrandProblem.PHONE
    if wanted.usual_reply_hours not in REPLY_HOURS:
        return BrandProblem.REPLY_HOURS
    if wanted.timezone not in available_timezones():
        return BrandProblem.TIMEZONE
    if wanted.default_language not in LANGUAGES:
        return BrandProblem.LANGUAGE
    return ""


def save_brand(db: Session, actor: Actor, wanted: BrandSettings, *, now: datetime) -> str:
    """ "" when saved (every page load reads it, so it is in use at once), else the catalog
    key of what to fix; nothing is saved then."""
    clinic = admins_clinic(db, actor)
    problem = brand_problem(wanted)
    if problem:
        return problem
    clinic.name = wanted.name.strip()
    clinic.primary_color = wanted.primary_color.strip().lower()
    clinic.accent_color = wanted.accent_color.strip().lower()
    clinic.phone = wanted.phone.strip() or None
    clinic.after_hours_phone = wanted.after_hours_phone.strip() or None
    clinic.after_hours_phone_es = wanted.after_hours_phone_es.strip()
    clinic.usual_reply_hours = wanted.usual_reply_hours
    clinic.timezone, clinic.default_language = wanted.timezone, wanted.default_language
    db.add(clinic)
    audit.record(
        db,
        "clinic.branding_changed",
        now=now,
        actor_id=actor.user_id,
        clinic_id=clinic.id,
        client_address=actor.client_address,
    )
    return ""
