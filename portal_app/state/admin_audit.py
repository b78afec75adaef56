"""Clinic admins: search the clinic's audit trail (the CSV export is a plain form POST)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.clinic.audit_search import AuditFilter, search
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting


class AdminAuditState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The search as typed, so the CSV form below exports exactly what is shown.
    since: rx.Field[str] = rx.field("")
    until: rx.Field[str] = rx.field("")
    action: rx.Field[str] = rx.field("")
    person: rx.Field[str] = rx.field("")
    page: rx.Field[int] = rx.field(0)  # 0 = the newest
    older: rx.Field[bool] = rx.field(False)  # more after this page

    def _search(self, wanted: AuditFilter) -> None:
        with session_scope() as db:
            found, self.older = search(db, acting(), wanted, now=datetime.now(UTC), page=self.page)
        self.rows = [row.as_dict() for row in found]
        self.allowed = True

    def _shown(self) -> AuditFilter:
        return AuditFilter.from_form(
            {"since": self.since, "until": self.until, "action": self.action, "person": self.person}
        )

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_audit(self) -> None:
        self.since = self.until = self.action = self.person = ""
        self.page = 0
        self._search(AuditFilter())

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def turn_page(self, step: int) -> None:
        """Older (+1) or newer (-1) events of the same search."""
        self.page = max(0, self.page + (1 if step > 0 else -1))
        self._search(self._shown())

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def search(self, form_data: dict[str, Any]) -> None:
        wanted = AuditFilter.from_form(form_data)
        self.since = wanted.since.isoformat() if wanted.since else ""
        self.until = wanted.until.isoformat() if wanted.until else ""
        self.action, self.person = wanted.action, wanted.person
        self.page = 0
        self._search(wanted)
