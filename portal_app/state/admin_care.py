"""Clinic admins: each patient's care team (add a clinician, take one off) and the caregivers
and guardians linked to patients (end a link). No health data: names and roles only."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.care_team.team_admin import (
    add_to_team,
    clinic_care_teams,
    remove_from_team,
)
from portal_app.services.caregivers.guardian_links import clinic_links, end_link
from portal_app.services.clinic.clinic_settings import clinicians_of
from portal_app.services.problems import CareTeamProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

PROBLEMS = tuple(CareTeamProblem)


@dataclass
class TeamRow:
    """One patient and the clinicians on their care team (id, name), as the page shows them."""

    id: str
    name: str
    members: list[dict[str, str]] = field(default_factory=list)


SHOWN = 50  # patients listed at once; a search finds the others


class AdminCareState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    teams: rx.Field[list[TeamRow]] = rx.field(default_factory=list)
    more: rx.Field[int] = rx.field(0)  # patients not shown (a search narrows the list)
    clinicians: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # id, name
    links: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    search: rx.Field[str] = rx.field("")
    problem: rx.Field[str] = rx.field("")
    notice_for: rx.Field[str] = rx.field("")  # the patient row (or link) a message belongs to
    notice: rx.Field[str] = rx.field("")  # catalog key of what was just done

    def _refresh(self) -> None:
        me = acting()
        with session_scope() as db:
            teams = clinic_care_teams(db, me)
            links = clinic_links(db, me)
            self.clinicians = [
                {"id": str(i), "name": n} for i, n in clinicians_of(db, me.clinic_id)
            ]
        wanted = self.search.strip().lower()
        found = [t for t in teams if wanted in t.patient_name.lower()]
        self.teams = [
            TeamRow(
                str(t.patient_id),
                t.patient_name,
                [{"id": str(m.clinician_id), "name": m.name} for m in t.members],
            )
            for t in found[:SHOWN]
        ]
        self.more = max(0, len(found) - SHOWN)
        self.links = [
            {
                "id": str(link.grant_id),
                "caregiver": link.caregiver_name,
                "patient": link.patient_name,
                "relationship": link.relationship,
                "kind": link.kind,
                "status": link.status,
            }
            for link in links
        ]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_care(self) -> None:
        self.problem, self.notice, self.notice_for, self.search = "", "", "", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def find(self, form_data: dict[str, Any]) -> None:
        self.search = str(form_data.get("search", ""))[:60]
        self.problem, self.notice, self.notice_for = "", "", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def add_member(self, form_data: dict[str, Any]) -> None:
        patient = str(form_data.get("patient", ""))[:40]
        clinician = str(form_data.get("clinician", ""))[:40]
        if not clinician:
            self.problem, self.notice, self.notice_for = CareTeamProblem.CHOOSE, "", patient
            return
        self._change(
            patient,
            lambda db, p: add_to_team(db, acting(), p, uuid.UUID(clinician), now=datetime.now(UTC)),
            "care_teams.added",
        )

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def remove_member(self, patient_id: str, clinician_id: str) -> None:
        self._change(
            patient_id,
            lambda db, p: remove_from_team(
                db, acting(), p, uuid.UUID(clinician_id), now=datetime.now(UTC)
            ),
            "care_teams.removed",
        )

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def end_caregiver_link(self, grant_id: str) -> None:
        self.problem, self.notice, self.notice_for = "", "", grant_id
        try:
            with session_scope() as db:
                end_link(db, acting(), uuid.UUID(grant_id), now=datetime.now(UTC))
        except (ValueError, NotFound):
            return
        self.notice = "care_teams.link_ended"
        self._refresh()

    def _change(
        self, patient_id: str, work: Callable[[Session, uuid.UUID], str], done: str
    ) -> None:
        self.problem, self.notice, self.notice_for = "", "", patient_id
        try:
            with session_scope() as db:
                self.problem = work(db, uuid.UUID(patient_id))
        except (ValueError, NotFound):
            return
        self.notice = "" if self.problem else done
        self._refresh()
