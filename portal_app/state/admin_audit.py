"""Clinic admins: search the clinic's audit trail (the CSV export is a plain form POST)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.audit_search import AuditFilter, search
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting


class AdminAuditState(rx.State):
    allowed: bool = False
    rows: list[dict[str, str]] = []
    # The search as typed, so the CSV form below exports exactly what is shown.
    since: str = ""
    until: str = ""
    action: str = ""
    person: str = ""

    def _search(self, wanted: AuditFilter) -> None:
        with session_scope() as db:
            found = search(db, acting(), wanted, now=datetime.now(UTC))
        self.rows = [row.as_dict() for row in found]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_audit(self) -> None:
        self.since = self.until = self.action = self.person = ""
        self._search(AuditFilter())

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def search(self, form_data: dict[str, Any]) -> None:
        wanted = AuditFilter.from_form(form_data)
        self.since = wanted.since.isoformat() if wanted.since else ""
        self.until = wanted.until.isoformat() if wanted.until else ""
        self.action, self.person = wanted.action, wanted.person
        self._search(wanted)
