"""Trends for a patient (their own) or a clinician (one of their patients): charts and tables."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.content.catalog import LANGUAGES, text
from portal_app.content.dates import day_words
from portal_app.content.instruments import TOTAL_SCORED, available, instrument, top_score
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.server_rendered.charts import line_chart
from portal_app.services.access import NotFound, own_patient_id
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.measures.assignments import (
    ASSIGNABLE,
    EVERY_DAYS,
    assign,
    assignments_of,
    stop,
)
from portal_app.services.measures.journal import check_ins_of
from portal_app.services.measures.trends import (
    RANGES,
    Point,
    Trends,
    care_team_patients,
    trends_for,
)
from portal_app.state.guard import signed_in_event
from portal_app.state.helping import may
from portal_app.state.session import acting

__all__ = ["ASSIGNABLE", "EVERY_DAYS", "TrendsState"]
SERIES = ("mood", "sleep", *TOTAL_SCORED)
SCALES = {
    "mood": (1.0, 5.0),
    "sleep": (0.0, 12.0),
    **{name: (0.0, float(top_score(name))) for name in TOTAL_SCORED},
}


def _rows(points: list[Point]) -> list[dict[str, str]]:
    return [{"day": p.day.isoformat(), "value": f"{p.value:g}"} for p in points]


def _charts(found: Trends) -> dict[str, str]:
    charts: dict[str, str] = {}
    series = {"mood": found.mood, "sleep": found.sleep, **found.scores}
    for name in SERIES:
        low, high = SCALES[name]
        for lang in LANGUAGES:
            bands = (
                [
                    (
                        b["min"],
                        b["max"],
                        text(f"trends.band.{b['severity'].replace(' ', '_')}", lang),
                    )
                    for b in instrument(name)["bands"]
                ]
                if name in TOTAL_SCORED and "bands" in instrument(name)
                else []
            )
            charts[f"{name}_{lang}"] = line_chart(
                [(p.day, p.value) for p in series[name]],
                since=found.since,
                until=found.until,
                y_min=low,
                y_max=high,
                title=text(f"trends.{name}_title", lang),
                bands=bands,
                date_labels=(day_words(found.since, lang), day_words(found.until, lang)),
            )
    return charts


class TrendsState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    is_clinician: rx.Field[bool] = rx.field(False)
    patients: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # a clinician's own patients: id, name
    patient_id: rx.Field[str] = rx.field("")
    patient_name: rx.Field[str] = rx.field("")
    days: rx.Field[int] = rx.field(30)
    charts: dict[str, str] = {}  # "<series>_<lang>": SVG drawn on the server from our numbers
    rows_mood: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows_sleep: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows_phq9: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows_gad7: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rising_phq9: rx.Field[bool] = rx.field(False)
    rising_gad7: rx.Field[bool] = rx.field(False)
    # The measures a clinician schedules: shown only once there is a score in the range.
    rows_pcl5: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows_audit: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows_auditc: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows_epds: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rising_pcl5: rx.Field[bool] = rx.field(False)
    rising_audit: rx.Field[bool] = rx.field(False)
    rising_auditc: rx.Field[bool] = rx.field(False)
    rising_epds: rx.Field[bool] = rx.field(False)
    assignments: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id, instrument, every (clinicians only)
    recent: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # the chosen patient's check-ins in the range (clinicians)
    assign_problem: rx.Field[str] = rx.field("")

    def _show(self) -> None:
        if not self.patient_id:
            self.charts = {}
            return
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            found = trends_for(db, me, uuid.UUID(self.patient_id), self.days, now=now)
        self.charts = _charts(found)
        self.rows_mood, self.rows_sleep = _rows(found.mood), _rows(found.sleep)
        for name in TOTAL_SCORED:
            setattr(self, f"rows_{name}", _rows(found.scores[name]))
            setattr(self, f"rising_{name}", found.rising[name])
        if me.role is Role.CLINICIAN:
            with session_scope() as db:
                current = assignments_of(db, me, uuid.UUID(self.patient_id), now=now)
                rows = check_ins_of(db, me, uuid.UUID(self.patient_id), since=found.since, now=now)
            self.recent = [
                {
                    "day": row.local_date.isoformat(),
                    "mood": str(row.mood),
                    "anxiety": str(row.anxiety),
                    "sleep": "" if row.sleep_hours is None else f"{row.sleep_hours:g}",
                    "note": row.note,
                }
                for row in rows
            ]
            self.assignments = [
                {"id": str(a.id), "instrument": a.instrument, "every": str(a.every_days)}
                for a in current
            ]

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_trends(self) -> None:
        me = acting()
        self.is_clinician = me.role is Role.CLINICIAN
        if me.role is Role.CAREGIVER and Permission.CHECK_INS_SEE not in may(me):
            self.allowed, self.patient_id, self.charts = False, "", {}
            return
        with session_scope() as db:
            own = own_patient_id(db, me) or me.helping
            mine = care_team_patients(db, me)
        self.patients = [{"id": str(pid), "name": name} for pid, name in mine]
        if own is not None:
            self.patient_id, self.patient_name = str(own), ""
        elif self.patient_id not in {p["id"] for p in self.patients}:
            self.patient_id, self.patient_name = "", ""
        self.allowed = True
        self._show()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def choose_patient(self, patient_id: str) -> None:
        chosen = next((p for p in self.patients if p["id"] == patient_id), None)
        if chosen is None:
            return
        self.patient_id, self.patient_name = chosen["id"], chosen["name"]
        try:
            self._show()
        except NotFound:
            self.patient_id, self.charts = "", {}

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def choose_days(self, days: int) -> None:
        if days in RANGES:
            self.days = days
            try:
                self._show()
            except NotFound:  # a caregiver whose access was stopped meanwhile
                self.allowed, self.patient_id, self.charts = False, "", {}

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def assign(self, form_data: dict[str, Any]) -> None:
        instrument_id = str(form_data.get("instrument", ""))
        try:
            every = int(str(form_data.get("every", "")))
        except ValueError:
            every = 0
        if instrument_id not in ASSIGNABLE or every not in EVERY_DAYS or not self.patient_id:
            self.assign_problem = "assign.choose_both"
            return
        if not available(instrument_id):
            self.assign_problem = "assign.needs_licence"
            return
        try:
            with session_scope() as db:
                assign(
                    db,
                    acting(),
                    uuid.UUID(self.patient_id),
                    instrument_id,
                    every,
                    now=datetime.now(UTC),
                )
        except NotFound:
            self.assign_problem = "assign.choose_both"
            return
        self.assign_problem = ""
        self._show()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def stop_assignment(self, assignment_id: str) -> None:
        try:
            with session_scope() as db:
                stop(db, acting(), uuid.UUID(assignment_id), now=datetime.now(UTC))
        except (ValueError, NotFound):
            return
        self._show()
