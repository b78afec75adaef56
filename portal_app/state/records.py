"""My record: the progress report, what the care team shared, medicines and allergies for the
patient; the same page for a clinician's chosen patient, with sharing, allergies and their own
psychotherapy notes (which only they ever see)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role, VisitStatus
from portal_app.services.access import Actor, NotFound, patient_in_view
from portal_app.services.care_team import psychotherapy_notes
from portal_app.services.care_team.attachments import MAX_BYTES
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.measures.progress_report import progress_of
from portal_app.services.medication import allergies
from portal_app.services.medication.medicines import medicines_of
from portal_app.services.problems import RecordProblem
from portal_app.services.records import shared_documents
from portal_app.services.visits.appointments import shown_visits
from portal_app.state.guard import signed_in_event
from portal_app.state.helping import may
from portal_app.state.patient_page import ChosenPatientPage
from portal_app.state.session import acting

PROBLEMS = tuple(RecordProblem)
NOTICES = (
    "records.shared",
    "records.not_shared",
    "records.withdrawn",
    "records.allergy_added",
    "records.allergy_removed",
    "records.note_saved",
)
SUMMARY_VISITS_DAYS = 60


@dataclass
class ProgressRow:
    instrument: str
    direction: str
    change: str
    first: dict[str, str] = field(default_factory=dict)
    latest: dict[str, str] = field(default_factory=dict)
    readings: list[dict[str, str]] = field(default_factory=list)


def _size_text(size: int | None) -> str:
    if not size:
        return ""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


class RecordsState(ChosenPatientPage, rx.State):
    GONE: ClassVar[str] = RecordProblem.GONE

    is_clinician: rx.Field[bool] = rx.field(False)
    is_caregiver: rx.Field[bool] = rx.field(
        False
    )  # reads what the grant allows; never downloads the record
    show_progress: rx.Field[bool] = rx.field(False)
    show_medicines: rx.Field[bool] = rx.field(False)
    progress: rx.Field[list[ProgressRow]] = rx.field(default_factory=list)
    shared: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    medicines: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    allergies: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    own_notes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    visit_choices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    staged: dict[str, str] = {}  # the chosen file, not shared yet: id, name, kb

    def _target(self) -> uuid.UUID | None:
        return uuid.UUID(self.patient_id) if self.is_clinician else None

    def _load(self) -> None:
        me, now, target = acting(), datetime.now(UTC), self._target()
        granted = (
            may(me)
            if me.role is Role.CAREGIVER
            else frozenset((Permission.CHECK_INS_SEE, Permission.MEDICINES_SEE))
        )
        with session_scope() as db:
            zone = zone_of(db, me.user_id)

            def day(moment: datetime) -> str:
                return local_text(moment, zone)[:10]

            self.show_progress = Permission.CHECK_INS_SEE in granted or self.is_clinician
            self.show_medicines = Permission.MEDICINES_SEE in granted or self.is_clinician
            self.progress = (
                []
                if not self.show_progress
                else [
                    ProgressRow(
                        p.instrument,
                        p.direction,
                        f"{p.change:+d}" if p.change else "0",
                        {
                            "total": str(p.readings[0].total),
                            "band": p.readings[0].band,
                            "on": day(p.readings[0].on),
                        },
                        {
                            "total": str(p.readings[-1].total),
                            "band": p.readings[-1].band,
                            "on": day(p.readings[-1].on),
                        },
                        [
                            {"on": day(r.on), "total": str(r.total), "band": r.band}
                            for r in reversed(p.readings)
                        ],
                    )
                    for p in progress_of(db, me, target, now=now)
                ]
            )
            self.shared = [
                {
                    "id": str(d.id),
                    "kind": d.kind,
                    "title": d.title,
                    "body": d.body,
                    "by": d.shared_by,
                    "when": day(d.shared_at),
                    "visit": day(d.visit_on) if d.visit_on else "",
                    "file": d.file_name or "",
                    "size": _size_text(d.size),
                    "part2": "yes" if d.part2 else "",
                    "confidential": "yes" if d.confidential else "",
                }
                for d in shared_documents.shared_with(db, me, target, now=now)
            ]
            pid = target or patient_in_view(db, me, None)
            self.medicines = [
                {"name": m.name, "dose": m.dose, "times": ", ".join(m.times)}
                for m in (medicines_of(db, me, pid, now=now) if self.show_medicines else [])
            ]
            self.allergies = [
                {
                    "id": str(a.id),
                    "substance": a.substance,
                    "reaction": a.reaction,
                    "severity": a.severity,
                    "by": a.noted_by,
                    "when": day(a.noted_at),
                }
                for a in allergies.allergies_of(db, me, target, now=now)
            ]
            if not self.is_clinician:
                return
            self.own_notes = [
                {"body": n.body, "when": local_text(n.created_at, zone)}
                for n in psychotherapy_notes.my_notes_about(db, me, pid, now=now)
            ]
            since = now - timedelta(days=SUMMARY_VISITS_DAYS)
            self.visit_choices = [
                {"value": v.starts_at.isoformat(), "label": local_text(v.starts_at, zone)}
                for v in shown_visits(db, me, pid, now=now)
                if v.status in (VisitStatus.BOOKED, VisitStatus.COMPLETED)
                and since <= v.starts_at <= now
            ][:5]

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CLINICIAN, Role.CAREGIVER)
    def load_records(self) -> None:
        me = acting()
        self.is_clinician = me.role is Role.CLINICIAN
        self.is_caregiver = me.role is Role.CAREGIVER
        if self.is_caregiver and Permission.RECORDS_SEE not in may(me):
            self._nothing_to_show()
            return
        self.problem, self.problem_for, self.notice, self.staged = "", "", "", {}
        self._open_on_patient(me)

    def _after_change(self) -> None:
        try:
            self._load()
        except (ValueError, NotFound):  # the patient is no longer in view
            self.patient_id = ""
            self._nothing_to_show()

    def _nothing_to_show(self) -> None:
        self.allowed = False
        self.progress, self.shared, self.medicines, self.allergies = [], [], [], []

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def share_summary(self, form_data: dict[str, Any]) -> None:
        title, body = str(form_data.get("title", "")), str(form_data.get("summary", ""))
        visit = str(form_data.get("visit", ""))
        part2, private = bool(form_data.get("part2")), bool(form_data.get("confidential"))

        def change(db: Session, me: Actor, now: datetime) -> str:
            visit_on = datetime.fromisoformat(visit) if visit else None
            return shared_documents.share_summary(
                db,
                me,
                uuid.UUID(self.patient_id),
                title,
                body,
                visit_on=visit_on,
                now=now,
                part2=part2,
                confidential=private,
            )

        self._change_in("summary", change, "records.shared")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    async def share_document(self, files_sent: list[rx.UploadFile]) -> None:
        """Step one: the chosen file is kept as a draft only this clinician sees; it is
        titled, marked and shared with `confirm_document` (nothing shows before that)."""
        if not files_sent:
            return
        data = await files_sent[0].read(MAX_BYTES + 1)
        name = files_sent[0].name or ""
        staged: dict[str, str] = {}

        def change(db: Session, me: Actor, now: datetime) -> str:
            kept = shared_documents.stage_file(
                db,
                me,
                uuid.UUID(self.patient_id),
                name,
                data,
                now=now,
            )
            if isinstance(kept, str):
                return kept
            staged.update(id=str(kept.id), name=kept.file_name, kb=str(max(1, kept.size // 1024)))
            return ""

        self._change_in("document", change, "")
        self.staged = staged
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def confirm_document(self, form_data: dict[str, Any]) -> None:
        """Step two: share the draft with its title and marks."""
        draft_id = self.staged.get("id", "")
        title = str(form_data.get("title", ""))
        part2, private = bool(form_data.get("part2")), bool(form_data.get("confidential"))

        def change(db: Session, me: Actor, now: datetime) -> str:
            return shared_documents.confirm_file(
                db,
                me,
                uuid.UUID(draft_id),
                title,
                now=now,
                part2=part2,
                confidential=private,
            )

        self._change_in("document", change, "records.shared")
        if not self.problem:
            self.staged = {}

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def discard_document(self) -> None:
        draft_id = self.staged.get("id", "")

        def change(db: Session, me: Actor, now: datetime) -> str:
            shared_documents.discard_file(db, me, uuid.UUID(draft_id))
            return ""

        self._change_in("document", change, "records.not_shared")
        self.staged = {}

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def file_refused(self, rejected: list[dict[str, Any]]) -> None:
        codes = {str(e.get("code", "")) for r in rejected for e in r.get("errors", []) or []}
        self.problem_for, self.notice = "document", ""
        self.problem = (
            RecordProblem.FILE_TOO_BIG if "file-too-large" in codes else RecordProblem.FILE_TYPE
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def withdraw(self, document_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            shared_documents.withdraw(db, me, uuid.UUID(document_id), now=now)
            return ""

        self._change_in("shared", change, "records.withdrawn")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def add_allergy(self, form_data: dict[str, Any]) -> None:
        substance, reaction = (
            str(form_data.get("substance", "")),
            str(form_data.get("reaction", "")),
        )
        severity = str(form_data.get("severity", "unknown"))
        self._change_in(
            "allergy",
            lambda db, me, now: allergies.add_allergy(
                db, me, uuid.UUID(self.patient_id), substance, reaction, severity, now=now
            ),
            "records.allergy_added",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def remove_allergy(self, allergy_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            allergies.remove_allergy(db, me, uuid.UUID(allergy_id), now=now)
            return ""

        self._change_in("allergy", change, "records.allergy_removed")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def write_note(self, form_data: dict[str, Any]) -> None:
        body = str(form_data.get("note", ""))
        self._change_in(
            "note",
            lambda db, me, now: psychotherapy_notes.write_note(
                db, me, uuid.UUID(self.patient_id), body, now=now
            ),
            "records.note_saved",
        )
