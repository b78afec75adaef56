"""Home for a signed-in patient: the questionnaires their care team asked for that are due."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.assignments import due_for_me
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting


class HomeState(rx.State):
    due: list[str] = []  # instrument ids due now

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_home(self) -> None:
        with session_scope() as db:
            self.due = [d.instrument for d in due_for_me(db, acting(), now=datetime.now(UTC))]
