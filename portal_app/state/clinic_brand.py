"""A clinic admin sets the clinic's name, colours, phone lines, reply time, time zone and
first language (services/clinic/brand_settings.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.clinic.brand_settings import BrandSettings, brand_of, save_brand
from portal_app.services.clinic.logo import MAX_BYTES as LOGO_MAX_BYTES
from portal_app.services.clinic.logo import has_logo, save_logo
from portal_app.services.problems import BrandProblem, LogoProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["LOGO_MAX_BYTES", "LOGO_PROBLEMS", "PROBLEMS", "ClinicBrandState"]
PROBLEMS = tuple(BrandProblem)
LOGO_PROBLEMS = tuple(LogoProblem)
TEXT_FIELDS = (
    "name",
    "primary_color",
    "accent_color",
    "phone",
    "after_hours_phone",
    "after_hours_phone_es",
)


def _wanted(form_data: dict[str, Any]) -> BrandSettings:
    def field(name: str, limit: int = 120) -> str:
        return str(form_data.get(name, "")).strip()[:limit]

    try:
        hours = int(field("usual_reply_hours", 4))
    except ValueError:
        hours = -1
    return BrandSettings(
        name=field("name"),
        primary_color=field("primary_color", 16),
        accent_color=field("accent_color", 16),
        phone=field("phone", 40),
        after_hours_phone=field("after_hours_phone", 40),
        after_hours_phone_es=field("after_hours_phone_es", 40),
        usual_reply_hours=hours,
        timezone=field("timezone", 64),
        default_language=field("default_language", 4),
    )


class ClinicBrandState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    chosen: dict[str, str] = {}  # the saved values, as the form shows them
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[bool] = rx.field(False)
    form_key: rx.Field[int] = rx.field(0)  # a new form (showing the saved values) after each save
    has_logo: rx.Field[bool] = rx.field(False)
    logo_version: rx.Field[int] = rx.field(0)  # a new preview address after each new logo
    logo_problem: rx.Field[str] = rx.field("")
    logo_saved: rx.Field[bool] = rx.field(False)

    def _load(self) -> None:
        with session_scope() as db:
            brand = brand_of(db, acting())
            self.has_logo = has_logo(db, acting().clinic_id)
        self.chosen = {
            **{name: str(getattr(brand, name)) for name in TEXT_FIELDS},
            "usual_reply_hours": str(brand.usual_reply_hours),
            "timezone": brand.timezone,
            "default_language": brand.default_language,
        }
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_brand(self) -> None:
        self.problem, self.saved, self.logo_problem, self.logo_saved = "", False, "", False
        self._load()
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def save(self, form_data: dict[str, Any]) -> None:
        with session_scope() as db:
            self.problem = save_brand(db, acting(), _wanted(form_data), now=datetime.now(UTC))
        self.saved = not self.problem
        if self.saved:  # on a problem the form keeps what was typed
            self._load()
            self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    async def upload_logo(self, files_sent: list[rx.UploadFile]) -> None:
        """The logo becomes the app's icons at once (checked and resized on the server)."""
        self.logo_problem, self.logo_saved = "", False
        for upload in files_sent[:1]:
            data = await upload.read(LOGO_MAX_BYTES + 1)
            with session_scope() as db:
                self.logo_problem = save_logo(db, acting(), data, now=datetime.now(UTC))
            if not self.logo_problem:
                self.has_logo, self.logo_saved = True, True
                self.logo_version += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def logo_refused(self, rejected: list[dict[str, Any]]) -> None:
        codes = {str(e.get("code", "")) for r in rejected for e in r.get("errors", []) or []}
        self.logo_saved = False
        self.logo_problem = LogoProblem.TOO_BIG if "file-too-large" in codes else LogoProblem.TYPE
