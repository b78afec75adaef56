"""Patients fill their clinic's intake form before a first visit; the care team reads the
answers on the patient's page and in the FHIR export. Answers keep the questions as asked.
Anything that does not fit comes back as a problem per question and nothing is stored, so the
page keeps what the person typed and says what to fix."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal_app.content.catalog import text
from portal_app.models import (
    Appointment,
    IntakeForm,
    IntakeResponse,
    Patient,
    VisitStatus,
)
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    own_patient_id,
)
from portal_app.services.problems import IntakeProblem

TEXT_MAX = 2000
EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True)
class AnsweredIntake:
    response_id: uuid.UUID
    title_en: str
    title_es: str
    submitted_at: datetime
    answers: list[dict[str, Any]]  # each question as asked, with "answer"


def _own_patient(db: Session, actor: Actor, now: datetime, action: Action) -> Patient:
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        raise NotFound
    return load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now, action=action)


def _had_a_visit(db: Session, patient_id: uuid.UUID, now: datetime) -> bool:
    """A visit that took place (done, or booked and begun): intake is for before the first."""
    took_place = (col(Appointment.status) == VisitStatus.COMPLETED) | (
        (col(Appointment.status) == VisitStatus.BOOKED) & (col(Appointment.starts_at) <= now)
    )
    found = db.exec(
        select(Appointment.id).where(Appointment.patient_id == patient_id, took_place).limit(1)
    ).first()
    return found is not None


def forms_to_fill(db: Session, actor: Actor, *, now: datetime) -> list[IntakeForm]:
    """The clinic's published form, for a patient who has not had a first visit yet and has
    not answered it."""
    patient = _own_patient(db, actor, now, Action.READ)
    if _had_a_visit(db, patient.id, now):
        return []
    answered = select(IntakeResponse.form_id).where(IntakeResponse.patient_id == patient.id)
    return list(
        db.exec(
            select(IntakeForm).where(
                IntakeForm.clinic_id == patient.clinic_id,
                IntakeForm.status == "published",
                col(IntakeForm.id).not_in(answered),
            )
        ).all()
    )


def _check(question: dict[str, Any], raw: str) -> tuple[str | int | None, IntakeProblem | None]:
    """The stored answer to one question from what the page sent, or its problem."""
    value = raw.strip()
    if not value:
        return None, IntakeProblem.MISSING if question["required"] else None
    kind = question["kind"]
    if kind == "text":
        return (value, None) if len(value) <= TEXT_MAX else (None, IntakeProblem.TOO_LONG)
    if kind == "yes_no":
        return (value, None) if value in ("yes", "no") else (None, IntakeProblem.MISSING)
    if kind == "choice":
        index = int(value) if value.isdigit() else -1
        if 0 <= index < len(question["choices"]):
            return index, None
        return None, IntakeProblem.MISSING
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None, IntakeProblem.DATE
    if not EARLIEST <= day <= date(2100, 12, 31):
        return None, IntakeProblem.DATE
    return day.isoformat(), None


def submit(
    db: Session, actor: Actor, form_id: uuid.UUID, values: dict[str, str], *, now: datetime
) -> dict[str, IntakeProblem]:
    """Store the patient's answers once; {} when stored, else each question's problem
    ({"": GONE} when the form is no longer offered or was answered already)."""
    patient = _own_patient(db, actor, now, Action.CHANGE)
    form = db.get(IntakeForm, form_id)
    if form is None or form.clinic_id != patient.clinic_id or form.status != "published":
        return {"": IntakeProblem.GONE}
    answers, problems = [], {}
    for question in form.questions:
        answer, problem = _check(question, str(values.get(question["id"], "")))
        if problem is not None:
            problems[question["id"]] = problem
        answers.append({**question, "answer": answer})
    if problems:
        return problems
    try:
        with db.begin_nested():
            db.add(
                IntakeResponse(
                    form_id=form.id, patient_id=patient.id, answers=answers, submitted_at=now
                )
            )
            db.flush()
    except IntegrityError:
        return {"": IntakeProblem.GONE}  # sent twice (another tab): the first one stands
    return {}


def answered_intakes(
    db: Session, actor: Actor, patient_id: uuid.UUID, *, now: datetime
) -> list[AnsweredIntake]:
    """The patient's intake answers, newest first: for them and their care team (audited)."""
    load_patient_for(db, actor, patient_id, Category.QUESTIONNAIRES, now=now)
    rows = db.exec(
        select(IntakeResponse, IntakeForm)
        .join(IntakeForm, col(IntakeForm.id) == IntakeResponse.form_id)
        .where(IntakeResponse.patient_id == patient_id)
        .order_by(col(IntakeResponse.submitted_at).desc())
    ).all()
    return [
        AnsweredIntake(r.id, f.title_en, f.title_es, r.submitted_at, list(r.answers))
        for r, f in rows
    ]


def answer_words(question: dict[str, Any], language: str) -> str:
    """An answer as a person reads it: the choice's words, Yes/No, the date, or the text."""
    answer = question.get("answer")
    if answer is None:
        return ""
    if question["kind"] == "choice":
        return str(question["choices"][int(answer)][language])
    if question["kind"] == "yes_no":
        return text(f"intake.{answer}", language)
    return str(answer)
