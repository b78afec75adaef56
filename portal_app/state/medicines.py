"""Medicines for a patient (their own) or a clinician (one of their patients): the list,
today's doses with "Taken" / "Skipped", the week's adherence, and refill requests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor, NotFound, own_patient_id
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.measures.trends import care_team_patients
from portal_app.services.medication.adherence import weekly_adherence
from portal_app.services.medication.medicines import (
    MedicineForm,
    add_medicine,
    dose_log_of,
    doses_today,
    log_dose,
    medicines_of,
    set_dose_times,
    stop_medicine,
    taken_today,
)
from portal_app.services.medication.refills import (
    decide_refill,
    refills_of,
    request_refill,
    waiting_refills,
)
from portal_app.services.problems import MedicineProblem, RefillProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.helping import may
from portal_app.state.session import acting

# What this page can say went wrong (services/problems.py).
PROBLEMS = (*MedicineProblem, *RefillProblem)


def dose_rows(db: Session, me: Actor, patient_id: uuid.UUID, now: datetime) -> list[dict[str, str]]:
    """Today's doses, display-ready, for Home and the medicines page."""
    zone = zone_of(db, me.user_id)
    return [
        {
            "medicine_id": str(d.medicine_id),
            "name": d.name,
            "dose": d.dose,
            "at": d.scheduled_for.astimezone(zone).strftime("%H:%M"),
            "when": d.scheduled_for.astimezone(UTC).isoformat(),
            "status": d.status,
        }
        for d in doses_today(db, me, patient_id, now=now)
    ]


GONE = MedicineProblem.GONE
# A change to make as the person acting; returns "" when done, else a catalog key.
Change = Callable[[Session, Actor, datetime], str]


class MedicinesState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    is_clinician: rx.Field[bool] = rx.field(False)
    can_log: rx.Field[bool] = rx.field(False)  # the patient, or a caregiver allowed to mark doses
    can_refill: rx.Field[bool] = rx.field(False)
    can_retime: rx.Field[bool] = rx.field(False)  # moving dose times: the patient only
    patients: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    patient_id: rx.Field[str] = rx.field("")
    patient_name: rx.Field[str] = rx.field("")
    medicines: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    doses: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    adherence: dict[str, str] = {}
    log: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # the last 7 days' logged doses, newest first
    refills: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # the patient's own, newest first
    waiting: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # a clinician's patients' requests to answer
    confirm_refill_for: rx.Field[str] = rx.field(
        ""
    )  # the medicine whose refill awaits the second tap
    # Where the last outcome shows: a medicine's id (beside it), "add" (by the add form), or
    # "" (at the top). Found: a tap low on the page answered at the top, off a phone's screen.
    where: rx.Field[str] = rx.field("")
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[str] = rx.field("")

    def _show(self) -> None:
        self.medicines, self.doses, self.adherence, self.refills, self.log = [], [], {}, [], []
        if not self.patient_id:
            return
        me, now, pid = acting(), datetime.now(UTC), uuid.UUID(self.patient_id)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            current = medicines_of(db, me, pid, now=now)
            today = taken_today(db, current, now)
            refills = refills_of(db, me, pid, now=now)
            asked = {r.medicine_id for r in refills if r.status == "pending"}
            self.medicines = [
                {
                    "id": str(m.id),
                    "name": m.name,
                    "dose": m.dose,
                    "instructions": m.instructions,
                    "reason": m.reason,
                    "prescriber": m.prescriber,
                    "started": m.started_on.isoformat(),
                    "times": ", ".join(m.times),
                    "as_needed": "yes" if m.as_needed else "",
                    "max": str(m.max_per_day or ""),
                    "today": str(today.get(m.id, 0)),
                    "over": "yes"
                    if m.max_per_day is not None and today.get(m.id, 0) > m.max_per_day
                    else "",
                    # A request is waiting: "Ask for a refill" is not offered again.
                    "refill_waiting": "yes" if m.id in asked else "",
                }
                for m in current
            ]
            self.doses = dose_rows(db, me, pid, now)
            self.log = [
                {
                    "name": d.name,
                    "due": local_text(d.scheduled_for, zone),
                    "status": d.status,
                    "at": local_text(d.recorded_at, zone),
                }
                for d in dose_log_of(db, me, pid, now=now)
            ]
            week = weekly_adherence(db, me, pid, now=now)
            self.adherence = {
                "taken": str(week.taken + week.late),
                "late": str(week.late),
                "skipped": str(week.skipped),
                "missed": str(week.missed),
                "expected": str(week.expected),
                "percent": "" if week.percent is None else str(week.percent),
                "message": week.message_key,
            }
            self.refills = [
                {
                    "medicine_id": str(r.medicine_id),
                    "medicine": r.medicine,
                    "status": r.status,
                    "note": r.note,
                    "asked": local_text(r.requested_at, zone),
                }
                for r in refills
            ]

    def _show_waiting(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            self.waiting = [
                {
                    "id": str(r.id),
                    "patient": r.patient_name,
                    "medicine": r.medicine,
                    "asked": local_text(r.requested_at, zone),
                }
                for r in waiting_refills(db, me, now=now)
            ]

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_medicines(self) -> None:
        me = acting()
        self.is_clinician, self.problem, self.saved = me.role is Role.CLINICIAN, "", ""
        self.confirm_refill_for = ""
        granted = may(me) if me.role is not Role.CLINICIAN else frozenset()
        self.can_log = Permission.MEDICINES_LOG_DOSES in granted
        self.can_refill = Permission.MEDICINES_REQUEST_REFILLS in granted
        self.can_retime = me.role is Role.PATIENT
        if me.role is Role.CAREGIVER and Permission.MEDICINES_SEE not in granted:
            self.allowed, self.patient_id = False, ""
            self._show()
            return
        with session_scope() as db:
            own = own_patient_id(db, me) or me.helping
            self.patients = [{"id": str(p), "name": n} for p, n in care_team_patients(db, me)]
        if own is not None:
            self.patient_id = str(own)
        elif self.patient_id not in {p["id"] for p in self.patients}:
            self.patient_id, self.patient_name = "", ""
        if self.is_clinician:
            self._show_waiting()
        self.allowed = True
        self._show()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_today(self) -> None:
        """Home: only today's doses, to log them in one tap."""
        me = acting()
        with session_scope() as db:
            own = own_patient_id(db, me)
            if own is None:
                return
            self.patient_id, self.is_clinician, self.can_log = str(own), False, True
            self.doses = dose_rows(db, me, own, datetime.now(UTC))

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def choose_patient(self, patient_id: str) -> None:
        chosen = next((p for p in self.patients if p["id"] == patient_id), None)
        if chosen is not None:
            self.patient_id, self.patient_name, self.problem = chosen["id"], chosen["name"], ""
            self._show()

    def _change(
        self, change: Change, *, saved: str = "", gone: str = GONE, where: str = ""
    ) -> None:
        """Run one change as the person acting: "" from `change` means done, else it is the
        problem to show. An id that is not there (or not theirs) reads as `gone`."""
        self.where = where
        try:
            with session_scope() as db:
                self.problem = change(db, acting(), datetime.now(UTC))
        except (ValueError, NotFound):
            self.problem = gone
        self.saved = "" if self.problem else saved
        try:
            self._show()
        except NotFound:  # a caregiver whose access was stopped meanwhile
            self.allowed, self.patient_id = False, ""
            self.medicines, self.doses, self.refills, self.log = [], [], [], []

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def log_dose(self, medicine_id: str, when: str, status: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            moment = datetime.fromisoformat(when)
            log_dose(db, me, uuid.UUID(medicine_id), moment, status, source="medicines", now=now)
            return ""

        self._change(change)

    @rx.event
    @signed_in_event(Role.PATIENT)
    def set_times(self, form_data: dict[str, Any]) -> None:
        """The patient moves their dose times (and so their reminders) to fit their day."""
        times = str(form_data.get("times", "")).replace(";", ",").split(",")
        medicine_id = str(form_data.get("medicine_id", ""))
        self._change(
            lambda db, me, now: set_dose_times(db, me, uuid.UUID(medicine_id), times, now=now),
            saved="medicines.times_saved",
            where=medicine_id,
        )

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def took_as_needed(self, medicine_id: str) -> None:
        """An as-needed medicine taken now: one tap, logged with the time."""

        outcome: dict[str, str] = {}

        def change(db: Session, me: Actor, now: datetime) -> str:
            outcome["status"] = log_dose(
                db, me, uuid.UUID(medicine_id), None, "taken", source="medicines", now=now
            )
            return ""

        self._change(change, saved="doses.noted", where=medicine_id)
        if outcome.get("status") == "over_daily_most":
            self.saved = "doses.over_max"  # saved, and the care team sees it flagged

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def ask_refill(self, medicine_id: str) -> None:
        """First tap: ask "Are you sure?" beside the button, so a stray tap sends nothing."""
        self.confirm_refill_for = medicine_id

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def confirm_refill(self, medicine_id: str) -> None:
        self.confirm_refill_for = ""

        def change(db: Session, me: Actor, now: datetime) -> str:
            request_refill(db, me, uuid.UUID(medicine_id), now=now)
            return ""

        self._change(change, saved="refills.asked", where=medicine_id)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def cancel_refill(self) -> None:
        self.confirm_refill_for = ""

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def add_medicine(self, form_data: dict[str, Any]) -> None:
        def field(name: str) -> str:
            return str(form_data.get(name, ""))

        form = MedicineForm(
            name=field("name"),
            dose=field("dose"),
            instructions=field("instructions"),
            reason=field("reason"),
            prescriber=field("prescriber"),
            started_on=field("started_on"),
            as_needed=bool(form_data.get("as_needed")),
            max_per_day=field("max_per_day")[:4],
            times=tuple(field("times").replace(";", ",").split(",")),
            weekdays=tuple(int(d) for d in range(7) if form_data.get(f"day{d}")),
        )
        patient_id = self.patient_id
        self._change(
            lambda db, me, now: add_medicine(db, me, uuid.UUID(patient_id), form, now=now),
            saved="medicines.added",
            gone=MedicineProblem.CHOOSE_PATIENT,
            where="add",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def stop_medicine(self, medicine_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            stop_medicine(db, me, uuid.UUID(medicine_id), now=now)
            return ""

        self._change(change)

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def decide_refill(self, form_data: dict[str, Any]) -> None:
        decision = str(form_data.get("decision", ""))
        if decision not in ("approve", "decline"):
            self.problem, self.saved = RefillProblem.WHY, ""  # nothing is decided unasked
            return
        refill_id = str(form_data.get("refill_id", ""))
        note = str(form_data.get("note", ""))
        self._change(
            lambda db, me, now: decide_refill(
                db, me, uuid.UUID(refill_id), decision == "approve", note, now=now
            ),
            saved="refills.answered",
        )
        self._show_waiting()
