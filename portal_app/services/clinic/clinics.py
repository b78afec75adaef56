"""Clinic branding and the public facts (name, phone numbers) anyone may see, signed in or not."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, select

from portal_app.models import Clinic
from portal_app.services.clinic.clinic_settings import age_rules_problem


@dataclass(frozen=True)
class ClinicPublicInfo:
    """What the portal shows about a clinic before sign-in: never anything about patients."""

    slug: str
    name: str
    phone: str
    after_hours_phone: str
    crisis_line: str
    primary_color: str
    accent_color: str
    # The after-hours line for Spanish speakers ("" where the clinic has none: the one above
    # then), and the language a first visit is shown in. (The national crisis lines, 988 with
    # its Spanish option among them, are the same for every clinic: content/crisis.py.)
    after_hours_phone_es: str = ""
    default_language: str = "en"
    usual_reply_hours: int = 48

    def after_hours_for(self, language: str) -> str:
        return (self.after_hours_phone_es if language == "es" else "") or self.after_hours_phone

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FALLBACK_CLINIC = ClinicPublicInfo(
    slug="",
    name="Steady",
    phone="",
    after_hours_phone="",
    crisis_line="988",
    primary_color="#1d4e89",
    accent_color="#0f766e",
)


def public_info(session: Session, clinic_id: uuid.UUID | None) -> ClinicPublicInfo:
    """The clinic's public facts, or neutral defaults so crisis help always renders."""
    clinic = session.get(Clinic, clinic_id) if clinic_id else None
    if clinic is None:
        return FALLBACK_CLINIC
    return ClinicPublicInfo(
        slug=clinic.slug,
        name=clinic.name,
        phone=clinic.phone or "",
        after_hours_phone=clinic.after_hours_phone or "",
        crisis_line=clinic.crisis_line,
        primary_color=clinic.primary_color,
        accent_color=clinic.accent_color,
        after_hours_phone_es=clinic.after_hours_phone_es,
        default_language=clinic.default_language,
        usual_reply_hours=clinic.usual_reply_hours,
    )


def set_age_rules(session: Session, slug: str, teen_from: int, adult_at: int) -> str:
    """The clinic's rules for guardians of children (services/caregivers/proxy_policy.py):
    "" when saved, else what is wrong."""
    clinic = session.exec(select(Clinic).where(Clinic.slug == slug)).first()
    if clinic is None:
        return f"no clinic {slug!r}"
    if age_rules_problem(teen_from, adult_at):
        return "the ages must be 8 <= teen-from < adult <= 21"
    clinic.teen_from_age, clinic.adult_age = teen_from, adult_at
    session.add(clinic)
    session.flush()
    return ""
