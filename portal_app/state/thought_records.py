"""The thought record on the skills page: the patient writes one, keeps it in their journal,
and shares it with the care team or not."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.plans.thought_records import FIELDS, records_of, save_record, set_shared
from portal_app.services.problems import ThoughtProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.patient_page import PatientPage
from portal_app.state.session import acting

PROBLEMS = tuple(ThoughtProblem)
NOTICES = ("thoughts.saved", "thoughts.shared", "thoughts.unshared")
PARTS = FIELDS


class ThoughtsState(PatientPage, rx.State):
    GONE: ClassVar[str] = ThoughtProblem.GONE

    records: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            self.records = [
                {
                    "id": str(r.id),
                    "when": local_text(r.created_at, zone),
                    "shared": "yes" if r.shared else "",
                    **r.parts,
                }
                for r in records_of(db, me, None, now=now)
            ]

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_thoughts(self) -> None:
        self.problem, self.notice = "", ""
        self._load()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def save(self, form_data: dict[str, Any]) -> None:
        parts = {name: str(form_data.get(name, "")) for name in FIELDS}
        shared = bool(form_data.get("share"))
        self._change(
            lambda db, me, now: save_record(db, me, parts, shared, now=now), "thoughts.saved"
        )

    @rx.event
    @signed_in_event(Role.PATIENT)
    def share(self, record_id: str, shared: bool) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            set_shared(db, me, uuid.UUID(record_id), shared, now=now)
            return ""

        self._change(change, "thoughts.shared" if shared else "thoughts.unshared")
