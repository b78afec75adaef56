"""Visits: a patient's upcoming and past visits, booking, moving and cancelling; a clinician's
weekly hours, days away, requests to answer and schedule."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role, VisitStatus
from portal_app.services.access import Actor, NotFound, patient_in_view
from portal_app.services.care_team.care_team_inbox import team_of
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common.local_time import as_utc, zone_of
from portal_app.services.problems import HoursProblem, VisitProblem
from portal_app.services.visits.appointments import (
    book,
    cancel,
    decide,
    requests_for,
    reschedule,
    schedule_of,
    shown_visits,
)
from portal_app.services.visits.availability import (
    add_day_away,
    add_rule,
    clinic_zone,
    days_away,
    open_slots,
    remove_day_away,
    remove_rule,
    rules_of,
)
from portal_app.state.guard import signed_in_event
from portal_app.state.helping import may
from portal_app.state.session import acting

SHOWN_DAYS = 21
TIMES_AT_ONCE = 8
Change = Callable[[Session, Actor, datetime], str]

# What this page can say went wrong (services/problems.py).
PROBLEMS = (*VisitProblem, *HoursProblem)


def _when(moment: datetime, zone: Any) -> dict[str, str]:
    local = as_utc(moment).astimezone(zone)
    return {
        "day": local.strftime("%a %d %b %Y"),
        "time": local.strftime("%H:%M"),
        "date": local.date().isoformat(),
    }


def _number(value: Any) -> int:
    """A whole number from a form, or -1 (which every check refuses)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else -1


class AppointmentsState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    can_book: rx.Field[bool] = rx.field(False)  # a caregiver only with their grant's "book"
    can_change: rx.Field[bool] = rx.field(False)  # ... and "cancel" (which also moves)
    is_clinician: rx.Field[bool] = rx.field(False)
    upcoming: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    past: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    clinicians: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # the patient's care team
    clinician_id: rx.Field[str] = rx.field("")
    slots: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # open times of the chosen clinician, soonest first
    times_shown: rx.Field[int] = rx.field(TIMES_AT_ONCE)
    more_times: rx.Field[bool] = rx.field(False)
    chosen_slot: rx.Field[str] = rx.field("")  # ISO start awaiting "Yes, book it"
    chosen_label: rx.Field[str] = rx.field("")
    moving: rx.Field[str] = rx.field("")  # the visit being moved to another time
    cancelling: rx.Field[str] = rx.field("")  # the visit awaiting "Yes, cancel"
    hours: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    away: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    requests: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    schedule: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    problem: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")

    def _load_patient(self, db: Session, me: Actor, now: datetime) -> None:
        zone = zone_of(db, me.user_id)
        rows = [
            {
                "id": str(v.id),
                **_when(v.starts_at, zone),
                "with": v.with_name,
                "kind": v.kind,
                "location": v.location,
                "video": v.video,
                "status": v.status,
                "note": v.note,
                "late": "yes" if v.too_late else "",
                "live": "yes"
                if v.status in (VisitStatus.BOOKED, VisitStatus.REQUESTED) and v.ends_at >= now
                else "",
            }
            for v in shown_visits(db, me, None, now=now)
            if not v.moved  # found: a moved visit's old time listed as "Cancelled" under past
        ]
        self.upcoming = [r for r in rows if r["live"]]
        self.past = [r for r in reversed(rows) if not r["live"]][:20]
        team = team_of(db, patient_in_view(db, me, None))
        self.clinicians = [{"id": str(i), "name": n} for i, n in team]
        if self.clinician_id not in {c["id"] for c in self.clinicians}:
            self.clinician_id = self.clinicians[0]["id"] if len(self.clinicians) == 1 else ""
        self.slots, self.more_times = [], False
        if self.clinician_id:
            found = open_slots(db, uuid.UUID(self.clinician_id), now=now, days=SHOWN_DAYS)
            # A few times at once: a long list is hard to read on a phone.
            self.more_times = len(found) > self.times_shown
            self.slots = [
                {"start": s.starts_at.isoformat(), **_when(s.starts_at, zone), "kind": s.kind}
                for s in found[: self.times_shown]
            ]

    def _load_clinician(self, db: Session, me: Actor, now: datetime) -> None:
        zone = clinic_zone(db, me.clinic_id)
        self.hours = [
            {
                "id": str(r.id),
                "weekday": str(r.weekday),
                "starts": r.starts,
                "ends": r.ends,
                "minutes": str(r.minutes),
                "kind": r.kind,
                "location": r.location,
            }
            for r in rules_of(db, me.user_id)
        ]
        self.away = [
            {"id": str(e.id), "date": e.on_date.isoformat(), "note": e.note}
            for e in days_away(db, me.user_id, now.astimezone(zone).date())
        ]
        self.requests = [
            {"id": str(v.id), "patient": name, **_when(v.starts_at, zone), "reason": v.reason}
            for v, name in requests_for(db, me, now=now)
        ]
        self.schedule = [
            {"patient": name, **_when(v.starts_at, zone), "kind": v.kind}
            for v, name in schedule_of(db, me, now=now)
        ]

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            if me.role is Role.CLINICIAN:
                self._load_clinician(db, me, now)
            else:
                self._load_patient(db, me, now)

    def _change(self, change: Change, done: str) -> None:
        try:
            with session_scope() as db:
                self.problem = change(db, acting(), datetime.now(UTC))
        except (ValueError, NotFound):
            self.problem = VisitProblem.GONE
        self.notice = "" if self.problem else done
        if not self.problem:
            self.chosen_slot, self.chosen_label, self.moving, self.cancelling = "", "", "", ""
        self._load_safely()

    def _load_safely(self) -> None:
        """Load; someone who has no visits to see here (a caregiver whose access was stopped
        meanwhile, a person with no patient in view) gets the empty page, not an error."""
        try:
            self._load()
        except NotFound:
            self.allowed, self.upcoming, self.past, self.slots = False, [], [], []

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_appointments(self) -> None:
        me = acting()
        self.is_clinician, self.problem, self.notice = me.role is Role.CLINICIAN, "", ""
        granted = may(me) if me.role is not Role.CLINICIAN else frozenset()
        self.can_book = Permission.APPOINTMENTS_BOOK in granted
        self.can_change = Permission.APPOINTMENTS_CANCEL in granted
        self.allowed = self.is_clinician or Permission.APPOINTMENTS_SEE in granted
        if not self.allowed:
            self.upcoming, self.past, self.slots = [], [], []
            return
        self._load()
        # A page load (or a reconnect) keeps a choice in progress only while it still fits.
        if self.moving not in {v["id"] for v in self.upcoming}:
            self.moving = ""
        if self.cancelling not in {v["id"] for v in self.upcoming}:
            self.cancelling = ""
        if self.chosen_slot not in {s["start"] for s in self.slots}:
            self.chosen_slot, self.chosen_label = "", ""

    # -- patients ------------------------------------------------------------------------------

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def choose_clinician(self, clinician_id: str) -> None:
        if clinician_id in {c["id"] for c in self.clinicians}:
            self.clinician_id, self.chosen_slot, self.problem = clinician_id, "", ""
            self.times_shown = TIMES_AT_ONCE
            self._load_safely()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def show_more_times(self) -> None:
        self.times_shown = min(self.times_shown + TIMES_AT_ONCE, 200)
        self._load_safely()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def choose_slot(self, start: str) -> None:
        slot = next((s for s in self.slots if s["start"] == start), None)
        if slot is not None:
            self.chosen_slot, self.chosen_label, self.problem = (
                start,
                f"{slot['day']} {slot['time']}",
                "",
            )

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def not_this_time(self) -> None:
        self.chosen_slot, self.chosen_label = "", ""

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def confirm_slot(self, form_data: dict[str, Any]) -> None:
        start, reason, moving = self.chosen_slot, str(form_data.get("reason", "")), self.moving
        outcome: list[str] = []  # the new visit's status: booked, or requested (to be answered)

        def change(db: Session, me: Actor, now: datetime) -> str:
            moment = datetime.fromisoformat(start)
            if moving:
                done = reschedule(db, me, uuid.UUID(moving), moment, now=now)
            else:
                done = book(db, me, uuid.UUID(self.clinician_id), moment, now=now, reason=reason)
            outcome.extend([done.appointment.status] if done.appointment else [])
            return done.problem

        self._change(change, "appointments.moved" if moving else "appointments.booked")
        if outcome == ["requested"] and not self.problem:
            self.notice = "appointments.request_sent"  # say which: it is not booked yet

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def move(self, visit_id: str) -> None:
        row = next((v for v in self.upcoming if v["id"] == visit_id), None)
        if row is None:
            return
        if row["late"]:
            self.problem, self.notice = VisitProblem.TOO_LATE, ""
            return
        self.moving, self.cancelling, self.chosen_slot, self.problem = visit_id, "", "", ""
        chosen = next((c for c in self.clinicians if c["name"] == row["with"]), None)
        if chosen is not None:
            self.clinician_id = chosen["id"]
        self._load_safely()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def ask_cancel(self, visit_id: str) -> None:
        row = next((v for v in self.upcoming if v["id"] == visit_id), None)
        if row is not None:
            self.cancelling, self.moving, self.problem = visit_id, "", ""
            if row["late"]:
                self.cancelling, self.problem = "", VisitProblem.TOO_LATE

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def keep_visit(self) -> None:
        self.cancelling, self.moving, self.chosen_slot = "", "", ""

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def confirm_cancel(self, form_data: dict[str, Any]) -> None:
        visit_id = str(form_data.get("visit_id", "")) or self.cancelling
        reason = str(form_data.get("reason", ""))
        self._change(
            lambda db, me, now: cancel(db, me, uuid.UUID(visit_id), now=now, reason=reason),
            "appointments.cancelled",
        )

    # -- clinicians ----------------------------------------------------------------------------

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def add_hours(self, form_data: dict[str, Any]) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            return add_rule(
                db,
                me,
                weekday=_number(form_data.get("weekday")),
                starts=str(form_data.get("starts", "")),
                ends=str(form_data.get("ends", "")),
                minutes=_number(form_data.get("minutes")),
                kind=str(form_data.get("kind", "")),
                location=str(form_data.get("location", "")),
                gap=_number(form_data.get("gap", "0")),
            )

        self._change(change, "availability.saved")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def remove_hours(self, rule_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            remove_rule(db, me, uuid.UUID(rule_id))
            return ""

        self._change(change, "availability.saved")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def add_away(self, form_data: dict[str, Any]) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            try:
                day = date.fromisoformat(str(form_data.get("on_date", "")))
            except ValueError:
                return HoursProblem.DATE
            return add_day_away(db, me, day, str(form_data.get("note", "")))

        self._change(change, "availability.saved")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def remove_away(self, exception_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            remove_day_away(db, me, uuid.UUID(exception_id))
            return ""

        self._change(change, "availability.saved")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def answer(self, form_data: dict[str, Any]) -> None:
        visit_id, choice = str(form_data.get("visit_id", "")), str(form_data.get("answer", ""))
        note = str(form_data.get("note", ""))

        def change(db: Session, me: Actor, now: datetime) -> str:
            if choice not in ("approve", "decline"):
                return VisitProblem.CHOOSE_ANSWER
            return decide(db, me, uuid.UUID(visit_id), choice == "approve", note, now=now)

        self._change(change, "appointments.answered")
