"""Clinic admins: the visit requests that came from the clinic's website, reached and done."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.clinic.visit_requests import (
    BEST_TIME,
    CONTACT_BY,
    FOR_WHOM,
    requests_for,
    set_status,
)
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["BEST_TIME", "CONTACT_BY", "FOR_WHOM", "AdminRequestsState"]


class AdminRequestsState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    # id, name, phone, email, contact_by, best_time, for_whom, language, status, received
    requests: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    done_key: rx.Field[str] = rx.field("")  # what just happened...
    done_for: rx.Field[str] = rx.field("")  # ...to which request (said in its own row)

    def _refresh(self) -> None:
        now, me = datetime.now(UTC), acting()
        with session_scope() as db:
            rows = requests_for(db, me, now=now)
            zone = zone_of(db, me.user_id)  # the clinic's time
        self.requests = [
            {
                "id": str(r.id),
                "name": r.name,
                "phone": r.phone,
                "email": r.email,
                "contact_by": r.contact_by,
                "best_time": r.best_time,
                "for_whom": r.for_whom,
                "language": r.language,
                "status": r.status,
                "received": local_text(r.received, zone),
            }
            for r in rows
        ]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_requests(self) -> None:
        self.done_key, self.done_for = "", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def mark_called(self, request_id: str) -> None:
        self._set(request_id, "called", "requests.marked_called")

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def close(self, request_id: str) -> None:
        self._set(request_id, "closed", "requests.closed")

    def _set(self, request_id: str, status: str, done: str) -> None:
        try:
            with session_scope() as db:
                set_status(db, acting(), uuid.UUID(request_id), status, now=datetime.now(UTC))
        except (ValueError, NotFound):
            return
        self.done_key, self.done_for = done, request_id
        if status == "closed":  # stays in view, marked, until the list is opened again
            self.requests = [
                {**r, "status": "closed"} if r["id"] == request_id else r for r in self.requests
            ]
        else:
            self._refresh()
