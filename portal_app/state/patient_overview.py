"""One page about one patient for their care team: alerts, scores, medicines, messages, notes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role, VisitStatus
from portal_app.services.access import Category, NotFound, audit_refusal
from portal_app.services.care_team.messaging import threads_of_patient
from portal_app.services.care_team.patient_contact import contact_of
from portal_app.services.care_team.patient_overview import (
    header_of,
    latest_scores,
    remind_to_check_in,
)
from portal_app.services.care_team.risk_alerts import (
    acknowledge,
    alerts_version,
    closed_alerts_of,
    open_alerts_for,
)
from portal_app.services.care_team.team_notes import add_note, notes_about
from portal_app.services.caregivers import proxy_grants
from portal_app.services.caregivers.proxy_grants import Invitee
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.intake.answers import answer_words, answered_intakes
from portal_app.services.measures.trends import care_team_patients
from portal_app.services.medication.adherence import weekly_adherence
from portal_app.services.medication.medicines import medicines_of
from portal_app.services.plans.safety_plan import changed_by_patient
from portal_app.services.plans.thought_records import records_of
from portal_app.services.problems import AlertProblem, CaregiverProblem, OverviewProblem
from portal_app.services.visits.appointments import shown_visits
from portal_app.settings import get_settings
from portal_app.state.alert_rows import alert_row, answer_rows
from portal_app.state.chosen_patient import choose_patient
from portal_app.state.guard import signed_in_event
from portal_app.state.live import keep_fresh
from portal_app.state.outbound import deliver_mail
from portal_app.state.session import acting

PROBLEMS = (
    AlertProblem.NOTE_MISSING,
    AlertProblem.GONE,
    OverviewProblem.NOTE_MISSING,
    OverviewProblem.NOTE_LONG,
    OverviewProblem.NOT_FOUND,
    CaregiverProblem.ADULT,
    CaregiverProblem.EMAIL,
    CaregiverProblem.NAME,
    CaregiverProblem.EMAIL_TAKEN,
    CaregiverProblem.ALREADY,
)
NOTICES = (
    "alerts.done",
    "overview.note_saved",
    "overview.remind.sent",
    "overview.remind.no_device",
    "overview.remind.switched_off",
    "overview.remind.already_today",
    "overview.guardian_linked",
)


class PatientOverviewState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    patient_id: rx.Field[str] = rx.field("")
    patient_name: rx.Field[str] = rx.field("")
    age: rx.Field[str] = rx.field("")
    alerts: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # see state/alert_rows.py
    answers: dict[str, list[dict[str, str]]] = {}  # by alert id
    closed: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # closed alerts: who, when, the note
    contact: dict[str, str] = {}  # phone and emergency contact, with tel: links
    scores: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    medicines: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    adherence: dict[str, str] = {}
    threads: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    visits: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    notes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The intake answers, one row per question (form_en/es and when on each row).
    intake: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    intake_head: dict[str, str] = {}  # form_en, form_es, when: the newest form answered
    thoughts: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # thought records the patient shared
    plan_changed: rx.Field[bool] = rx.field(
        False
    )  # the patient changed their safety plan; nobody looked yet
    problem: rx.Field[str] = rx.field("")
    problem_for: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")
    _watch: int = 0

    def _load(self) -> None:
        me, now, pid = acting(), datetime.now(UTC), uuid.UUID(self.patient_id)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            header = header_of(db, me, pid, now=now)
            self.patient_name, self.age = header.name, str(header.age)
            mine = [a for a in open_alerts_for(db, me, now=now) if a.patient_id == pid]
            self.alerts = [alert_row(a, zone) for a in mine]
            self.answers = answer_rows(mine)
            reach = contact_of(db, me, pid, now=now)
            self.contact = {
                "phone": reach.phone,
                "phone_href": reach.phone_href,
                "name": reach.emergency_name,
                "relation": reach.emergency_relation,
                "other_phone": reach.emergency_phone,
                "other_href": reach.emergency_href,
            }
            self.closed = [
                {
                    "reason": c.reason,
                    "level": c.level,
                    "opened": local_text(c.opened_at, zone),
                    "closed": local_text(c.closed_at, zone),
                    "by": c.closed_by,
                    "note": c.note,
                }
                for c in closed_alerts_of(db, me, pid, now=now)
            ]
            self.scores = [
                {
                    "instrument": s.instrument,
                    "total": str(s.total),
                    "band": s.band,
                    "before": "" if s.before is None else str(s.before),
                    "rising": "yes" if s.rising else "",
                    "on": local_text(s.on, zone)[:10],
                }
                for s in latest_scores(db, me, pid, now=now)
            ]
            self.medicines = [
                {"name": m.name, "dose": m.dose, "times": ", ".join(m.times)}
                for m in medicines_of(db, me, pid, now=now)
            ]
            week = weekly_adherence(db, me, pid, now=now)
            self.adherence = {
                "taken": str(week.taken + week.late),
                "expected": str(week.expected),
                "message": week.message_key,
            }
            self.threads = [
                {
                    "id": str(t.id),
                    "subject": t.subject,
                    "last": local_text(t.last_message_at, zone),
                    "waiting": "yes" if t.waiting else "",
                }
                for t in threads_of_patient(db, me, pid, now=now)[:5]
            ]
            self.visits = [
                {
                    "when": local_text(v.starts_at, zone),
                    "with": v.with_name,
                    "status": v.status,
                }
                for v in shown_visits(db, me, pid, now=now)
                if v.status in (VisitStatus.BOOKED, VisitStatus.REQUESTED) and v.ends_at >= now
            ]
            self.notes = [
                {"author": n.author, "body": n.body, "when": local_text(n.created_at, zone)}
                for n in notes_about(db, me, pid, now=now)
            ]
            self.intake = [
                {
                    "form_en": form.title_en,
                    "form_es": form.title_es,
                    "when": local_text(form.submitted_at, zone),
                    "q_en": q["en"],
                    "q_es": q["es"],
                    "a_en": answer_words(q, "en"),
                    "a_es": answer_words(q, "es"),
                }
                for form in answered_intakes(db, me, pid, now=now)[:1]  # the newest form
                for q in form.answers
            ]
            self.intake_head = dict(self.intake[0]) if self.intake else {}
            self.plan_changed = changed_by_patient(db, me, pid, now=now)
            self.thoughts = [
                {"when": local_text(r.created_at, zone), **r.parts}
                for r in records_of(db, me, pid, now=now)[:5]
            ]

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    async def load_overview(self) -> None:
        """The patient named in the address (/patient?id=...), else the one chosen on the
        panel; only a patient on this clinician's care team is shown."""
        self.problem, self.problem_for, self.notice = "", "", ""
        wanted = self.router.url.query_parameters.get("id", "")[:40]
        if wanted:
            self.patient_id = wanted
        if self._patient_is_mine():
            self._load()
            await choose_patient(self, self.patient_id, self.patient_name)

    @rx.event(background=True)
    @signed_in_event(Role.CLINICIAN)
    async def watch(self) -> None:
        """An open patient page shows this patient's new or changed alerts within seconds."""

        def version() -> object:
            if not self.allowed or not self.patient_id:
                return ""
            with session_scope() as db:
                return alerts_version(db, acting(), uuid.UUID(self.patient_id))

        def reload() -> None:
            if self._patient_is_mine():
                self._load()

        await keep_fresh(self, "/patient", version, reload)

    def _patient_is_mine(self) -> bool:
        """The chosen patient is on this clinician's care team; otherwise nothing is shown
        or changed, and the page says the patient was not found."""
        with session_scope() as db:
            mine = {str(pid) for pid, _ in care_team_patients(db, acting())}
            self.allowed = self.patient_id in mine
            if not self.allowed and self.patient_id:
                audit_refusal(db, actor=acting(), category=Category.PROFILE, now=datetime.now(UTC))
        if not self.allowed:
            self.patient_id, self.problem = "", OverviewProblem.NOT_FOUND
        return self.allowed

    def _act(self, work: Callable[[Session], str], done: str) -> None:
        if not self._patient_is_mine():
            return
        try:
            with session_scope() as db:
                self.problem = work(db)
        except (ValueError, NotFound):
            self.problem = AlertProblem.GONE
        self.notice = "" if self.problem else done
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def acknowledge(self, form_data: dict[str, Any]) -> None:
        alert_id, note = str(form_data.get("alert_id", "")), str(form_data.get("note", ""))
        self.problem_for = alert_id
        self._act(
            lambda db: acknowledge(db, acting(), uuid.UUID(alert_id), note, now=datetime.now(UTC)),
            "alerts.done",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def add_team_note(self, form_data: dict[str, Any]) -> None:
        note = str(form_data.get("note", ""))
        self.problem_for = "note"
        self._act(
            lambda db: add_note(
                db, acting(), uuid.UUID(self.patient_id), note, now=datetime.now(UTC)
            ),
            "overview.note_saved",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def link_guardian(self, form_data: dict[str, Any]) -> None:
        """A parent or guardian for a child: their own account, the clinic's age rules."""
        who = Invitee(
            str(form_data.get("name", "")),
            str(form_data.get("email", "")),
            str(form_data.get("relationship", "")),
        )
        self.problem_for = "guardian"
        self._act(
            lambda db: proxy_grants.link_guardian(
                db,
                acting(),
                uuid.UUID(self.patient_id),
                who,
                now=datetime.now(UTC),
                public_origin=get_settings().public_origin,
                deliver=deliver_mail(),
            ),
            "overview.guardian_linked",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def remind_check_in(self) -> None:
        self.problem_for, outcome = "", "sent"

        def work(db: Session) -> str:
            nonlocal outcome
            now = datetime.now(UTC)
            outcome = remind_to_check_in(db, acting(), uuid.UUID(self.patient_id), now=now)
            return ""

        self._act(work, "overview.remind.sent")
        if not self.problem:
            self.notice = f"overview.remind.{outcome}"
