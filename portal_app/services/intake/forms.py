"""A clinic admin builds intake forms: a title and questions (text, choice, date, yes/no) in
English and Spanish. A form is edited only as a draft; publishing freezes it (answers keep the
questions as asked); to change a published form the admin copies it to a new draft and
publishes that, and the old one stops being offered. Every change is audited."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from portal_app.models import IntakeForm
from portal_app.services.access import Actor, NotFound, require_clinic_admin
from portal_app.services.common import audit
from portal_app.services.problems import IntakeFormProblem

KINDS = ("text", "choice", "date", "yes_no")
MAX_QUESTIONS = 40
MAX_CHOICES = 12
TITLE_MAX = 120
QUESTION_MAX = 300
CHOICE_MAX = 80


def _tidy(text: str, most: int) -> str:
    return " ".join(text.split())[:most]


def _own_form(db: Session, actor: Actor, form_id: uuid.UUID) -> IntakeForm:
    require_clinic_admin(actor)
    form = db.get(IntakeForm, form_id)
    if form is None or form.clinic_id != actor.clinic_id:
        raise NotFound
    return form


def _changed(db: Session, actor: Actor, form: IntakeForm, what: str, now: datetime) -> None:
    form.updated_at = now
    db.add(form)
    audit.record(
        db,
        f"intake_form.{what}",
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
        category="intake_form",
    )
    db.flush()


def forms_of_clinic(db: Session, actor: Actor) -> list[IntakeForm]:
    """The clinic's forms, newest first (retired ones too: their answers stay readable)."""
    require_clinic_admin(actor)
    return list(
        db.exec(
            select(IntakeForm)
            .where(IntakeForm.clinic_id == actor.clinic_id)
            .order_by(col(IntakeForm.created_at).desc())
        ).all()
    )


def new_form(
    db: Session, actor: Actor, title_en: str, title_es: str, *, now: datetime
) -> IntakeForm | IntakeFormProblem:
    require_clinic_admin(actor)
    title_en, title_es = _tidy(title_en, TITLE_MAX), _tidy(title_es, TITLE_MAX)
    if not title_en or not title_es:
        return IntakeFormProblem.TITLE
    form = IntakeForm(
        clinic_id=actor.clinic_id, title_en=title_en, title_es=title_es, created_at=now
    )
    _changed(db, actor, form, "created", now)
    return form


def _choices(lines_en: str, lines_es: str) -> list[dict[str, str]] | None:
    """One choice per line, the same number in each language (2 to 12), else None."""
    en = [_tidy(line, CHOICE_MAX) for line in lines_en.splitlines() if line.strip()]
    es = [_tidy(line, CHOICE_MAX) for line in lines_es.splitlines() if line.strip()]
    if len(en) != len(es) or not 2 <= len(en) <= MAX_CHOICES:
        return None
    return [{"en": e, "es": s} for e, s in zip(en, es, strict=True)]


def add_question(
    db: Session,
    actor: Actor,
    form_id: uuid.UUID,
    fields: dict[str, Any],
    *,
    now: datetime,
) -> IntakeFormProblem | None:
    """Add a question from the admin's form fields: kind, en, es, choices_en, choices_es,
    required ("yes"/"no"). None when added."""
    form = _own_form(db, actor, form_id)
    if form.status != "draft":
        return IntakeFormProblem.NOT_DRAFT
    kind = str(fields.get("kind", ""))
    en, es = (
        _tidy(str(fields.get("en", "")), QUESTION_MAX),
        _tidy(str(fields.get("es", "")), QUESTION_MAX),
    )
    if kind not in KINDS:
        return IntakeFormProblem.KIND
    if not en or not es:
        return IntakeFormProblem.QUESTION
    if len(form.questions) >= MAX_QUESTIONS:
        return IntakeFormProblem.TOO_MANY
    choices: list[dict[str, str]] = []
    if kind == "choice":
        found = _choices(str(fields.get("choices_en", "")), str(fields.get("choices_es", "")))
        if found is None:
            return IntakeFormProblem.CHOICES
        choices = found
    question = {
        "id": uuid.uuid4().hex[:12],
        "kind": kind,
        "en": en,
        "es": es,
        "choices": choices,
        "required": str(fields.get("required", "yes")) != "no",
    }
    form.questions = [*form.questions, question]  # a new list: the JSON column sees the change
    _changed(db, actor, form, "question_added", now)
    return None


def remove_question(
    db: Session, actor: Actor, form_id: uuid.UUID, question_id: str, *, now: datetime
) -> IntakeFormProblem | None:
    form = _own_form(db, actor, form_id)
    if form.status != "draft":
        return IntakeFormProblem.NOT_DRAFT
    form.questions = [q for q in form.questions if q["id"] != question_id]
    _changed(db, actor, form, "question_removed", now)
    return None


def publish(
    db: Session, actor: Actor, form_id: uuid.UUID, *, now: datetime
) -> IntakeFormProblem | None:
    """Offer the form to patients; it replaces any form published before (one at a time)."""
    form = _own_form(db, actor, form_id)
    if form.status != "draft":
        return IntakeFormProblem.NOT_DRAFT
    if not form.questions:
        return IntakeFormProblem.EMPTY
    for older in db.exec(
        select(IntakeForm).where(
            IntakeForm.clinic_id == actor.clinic_id, IntakeForm.status == "published"
        )
    ):
        older.status = "retired"
        _changed(db, actor, older, "retired", now)
    form.status = "published"
    _changed(db, actor, form, "published", now)
    return None


def retire(db: Session, actor: Actor, form_id: uuid.UUID, *, now: datetime) -> None:
    """Stop offering the form (its answers stay with each patient)."""
    form = _own_form(db, actor, form_id)
    if form.status == "published":
        form.status = "retired"
        _changed(db, actor, form, "retired", now)


def copy_to_draft(db: Session, actor: Actor, form_id: uuid.UUID, *, now: datetime) -> IntakeForm:
    """A new draft with the same title and questions, to change a published form."""
    form = _own_form(db, actor, form_id)
    draft = IntakeForm(
        clinic_id=actor.clinic_id,
        title_en=form.title_en,
        title_es=form.title_es,
        questions=[{**q, "id": uuid.uuid4().hex[:12]} for q in form.questions],
        created_at=now,
    )
    _changed(db, actor, draft, "created", now)
    return draft
