"""Booking, requesting, cancelling and rescheduling visits, and the clinician's answers.

A patient books an open slot with a clinician on their care team (or, when the clinic asks for
requests, sends one the clinician approves or declines). Two people taking the last slot at
the same moment cannot both have it: the database's unique index on live slots refuses the
second, who is told kindly. Patients cancel or move a visit up to the clinic's limit before it
(24 hours by default); later, the page says why and gives the clinic's number.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal_app.content.catalog import text
from portal_app.models import Appointment, Clinic, Patient, Role, User, VisitKind, VisitStatus
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    audit_list_look,
    load_patient_for,
    on_care_team,
    patient_in_view,
    require_clinician,
)
from portal_app.services.care_team.messaging import start_thread
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common.local_time import as_utc
from portal_app.services.medication.reminders import remind_at
from portal_app.services.problems import VisitProblem
from portal_app.services.visits.availability import open_slots

REMIND_BEFORE = {"day": timedelta(days=1), "2h": timedelta(hours=2)}
VIDEO_OPENS = timedelta(minutes=15)  # the video link shows this long before the visit


@dataclass(frozen=True)
class Booked:
    appointment: Appointment | None
    problem: str  # "" when it worked, else a catalog key


def _plan_reminders(db: Session, visit: Appointment, *, now: datetime) -> None:
    patient = db.get(Patient, visit.patient_id)
    if patient is None:
        return
    for label, before in REMIND_BEFORE.items():
        remind_at(
            db,
            patient,
            "appointment",
            key=f"appointment:{visit.id}:{label}",
            at=as_utc(visit.starts_at) - before,
            now=now,
            ref_id=visit.id,
        )


def _on_team(db: Session, patient_id: uuid.UUID, clinician_id: uuid.UUID) -> bool:
    return on_care_team(db, clinician_id, patient_id)


def book(
    db: Session,
    actor: Actor,
    clinician_id: uuid.UUID,
    starts_at: datetime,
    *,
    now: datetime,
    reason: str = "",
) -> Booked:
    """Take an open slot (or ask for it, when the clinic wants requests): the patient, or a
    caregiver allowed to book for them."""
    if actor.role not in (Role.PATIENT, Role.CAREGIVER):
        raise NotFound
    patient_id = patient_in_view(db, actor, None)
    patient = load_patient_for(
        db,
        actor,
        patient_id,
        Category.APPOINTMENTS,
        now=now,
        action=Action.CHANGE,
        need=Permission.APPOINTMENTS_BOOK,
    )
    if not _on_team(db, patient_id, clinician_id):
        raise NotFound
    if len(reason) > 500:
        return Booked(None, VisitProblem.REASON_LONG)
    slot = next(
        (s for s in open_slots(db, clinician_id, now=now) if s.starts_at == as_utc(starts_at)),
        None,
    )
    if slot is None:
        return Booked(None, VisitProblem.TAKEN)
    clinic = db.get(Clinic, patient.clinic_id)
    visit = Appointment(
        patient_id=patient_id,
        clinician_id=clinician_id,
        clinic_id=patient.clinic_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        kind=slot.kind,
        location="" if slot.kind == "video" else slot.location,
        video_link=slot.location if slot.kind == "video" else "",
        status=VisitStatus.REQUESTED
        if clinic and clinic.booking_mode == "request"
        else VisitStatus.BOOKED,
        reason=reason.strip(),
        created_by=actor.user_id,
    )
    try:
        with db.begin_nested():  # the unique index on live slots decides who was first
            db.add(visit)
    except IntegrityError:
        return Booked(None, VisitProblem.TAKEN)
    if visit.status == VisitStatus.BOOKED:
        _plan_reminders(db, visit, now=now)
    return Booked(visit, "")


def visit_for(
    db: Session,
    actor: Actor,
    visit_id: uuid.UUID,
    *,
    now: datetime,
    action: Action = Action.READ,
    need: str | None = None,
) -> Appointment:
    visit = db.get(Appointment, visit_id)
    if visit is None:
        raise NotFound
    load_patient_for(
        db, actor, visit.patient_id, Category.APPOINTMENTS, now=now, action=action, need=need
    )
    return visit


def too_late_to_change(db: Session, visit: Appointment, *, now: datetime) -> bool:
    """Patients change a visit only up to the clinic's limit before it."""
    clinic = db.get(Clinic, visit.clinic_id)
    hours = clinic.cancel_before_hours if clinic else 24
    return as_utc(visit.starts_at) - now < timedelta(hours=hours)


def cancel(
    db: Session, actor: Actor, visit_id: uuid.UUID, *, now: datetime, reason: str = ""
) -> str:
    """ "" when cancelled, else a catalog key (e.g. too late: call the clinic)."""
    visit = visit_for(
        db, actor, visit_id, now=now, action=Action.CHANGE, need=Permission.APPOINTMENTS_CANCEL
    )
    if visit.status not in (VisitStatus.REQUESTED, VisitStatus.BOOKED):
        return VisitProblem.NOT_LIVE
    if actor.role is not Role.CLINICIAN and too_late_to_change(db, visit, now=now):
        return VisitProblem.TOO_LATE
    visit.status, visit.cancelled_by, visit.cancelled_at = VisitStatus.CANCELLED, actor.user_id, now
    visit.decision_note = reason.strip()[:1000]
    db.add(visit)
    db.flush()
    return ""


def reschedule(
    db: Session, actor: Actor, visit_id: uuid.UUID, starts_at: datetime, *, now: datetime
) -> Booked:
    """Move a visit to another open slot with the same clinician, in one step."""
    visit = visit_for(
        db, actor, visit_id, now=now, action=Action.CHANGE, need=Permission.APPOINTMENTS_CANCEL
    )
    if visit.status not in (VisitStatus.REQUESTED, VisitStatus.BOOKED):
        return Booked(None, VisitProblem.NOT_LIVE)
    if actor.role is not Role.CLINICIAN and too_late_to_change(db, visit, now=now):
        return Booked(None, VisitProblem.TOO_LATE)
    moved = book(db, actor, visit.clinician_id, starts_at, now=now, reason=visit.reason)
    if moved.appointment is not None:
        visit.status, visit.cancelled_by, visit.cancelled_at = (
            VisitStatus.CANCELLED,
            actor.user_id,
            now,
        )
        visit.decision_note = "moved"
        db.add(visit)
        db.flush()
    return moved


def decide(
    db: Session, actor: Actor, visit_id: uuid.UUID, approve: bool, note: str, *, now: datetime
) -> str:
    """The clinician answers a request. The patient always gets a message saying so."""
    require_clinician(actor)
    visit = visit_for(db, actor, visit_id, now=now, action=Action.CHANGE)
    if visit.status != VisitStatus.REQUESTED:
        return VisitProblem.NOT_LIVE
    if not approve and not note.strip():
        return VisitProblem.WHY_MISSING
    visit.status, visit.decision_note = (
        (VisitStatus.BOOKED if approve else VisitStatus.DECLINED),
        note.strip()[:1000],
    )
    db.add(visit)
    db.flush()
    if approve:
        _plan_reminders(db, visit, now=now)
    patient = db.get(Patient, visit.patient_id)
    person = db.get(User, patient.user_id) if patient else None
    language = person.language.value if person else "en"
    answer = "appointments.answer.approved" if approve else "appointments.answer.declined"
    body = text(answer, language) + (f"\n\n{note.strip()}" if note.strip() else "")
    start_thread(
        db, actor, visit.patient_id, text("appointments.answer.subject", language), body, now=now
    )
    return ""


def visits_of(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[Appointment]:
    """A patient's visits (their own, their caregiver's, or for their care team)."""
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.APPOINTMENTS, now=now)
    return list(
        db.exec(
            select(Appointment)
            .where(Appointment.patient_id == patient_id)
            .order_by(col(Appointment.starts_at))
        ).all()
    )


def requests_for(db: Session, actor: Actor, *, now: datetime) -> list[tuple[Appointment, str]]:
    """Requests waiting for this clinician's answer, oldest first, with the patient's name."""
    require_clinician(actor)
    rows = db.exec(
        select(Appointment, User.display_name)
        .join(Patient, col(Patient.id) == Appointment.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .where(
            Appointment.clinician_id == actor.user_id, Appointment.status == VisitStatus.REQUESTED
        )
        .order_by(col(Appointment.created_at))
    ).all()
    for visit, _ in rows:
        load_patient_for(db, actor, visit.patient_id, Category.APPOINTMENTS, now=now)
    return [(visit, name) for visit, name in rows]


def video_link_now(visit: Appointment, *, now: datetime) -> str:
    """The video link, only from 15 minutes before the visit until it ends."""
    if visit.kind != VisitKind.VIDEO or visit.status != VisitStatus.BOOKED:
        return ""
    if as_utc(visit.starts_at) - VIDEO_OPENS <= now <= as_utc(visit.ends_at):
        return visit.video_link
    return ""


@dataclass(frozen=True)
class ShownVisit:
    """A visit as the patient's page shows it."""

    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    with_name: str
    kind: str
    location: str
    video: str  # only around the visit's time
    status: str
    note: str  # the clinician's reason when a request was declined
    too_late: bool  # past the clinic's limit for changes by the patient
    moved: bool = False  # the old time of a visit moved to a new one (the new one stands for it)


def shown_visits(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[ShownVisit]:
    visits = visits_of(db, actor, patient_id, now=now)
    ids = {v.clinician_id for v in visits}
    names = (
        dict(db.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all())
        if ids
        else {}
    )
    return [
        ShownVisit(
            v.id,
            as_utc(v.starts_at),
            as_utc(v.ends_at),
            names.get(v.clinician_id, ""),
            v.kind,
            v.location,
            video_link_now(v, now=now),
            v.status,
            v.decision_note if v.status == VisitStatus.DECLINED else "",
            too_late_to_change(db, v, now=now),
            v.status == VisitStatus.CANCELLED and v.decision_note == "moved",
        )
        for v in visits
    ]


def schedule_of(
    db: Session, actor: Actor, *, now: datetime, limit: int = 50
) -> list[tuple[Appointment, str]]:
    """The clinician's booked visits from now on, with each patient's name."""
    require_clinician(actor)
    rows = db.exec(
        select(Appointment, User.display_name)
        .join(Patient, col(Patient.id) == Appointment.patient_id)
        .join(User, col(User.id) == Patient.user_id)
        .where(
            Appointment.clinician_id == actor.user_id,
            Appointment.status == VisitStatus.BOOKED,
            col(Appointment.ends_at) >= now,
        )
        .order_by(col(Appointment.starts_at))
        .limit(limit)
    ).all()
    audit_list_look(db, actor, "appointments.schedule.read", "appointments", now=now)
    return [(visit, name) for visit, name in rows]
