"""The demo clinic's intake form, offered to new patients, and Alex's answers from the week
before the first visit (so the clinician's page shows what intake looks like)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from portal_app.services.clinic.demo_days import WEEKS, actor_of, check, local_at
from portal_app.services.intake.answers import submit
from portal_app.services.intake.forms import add_question, new_form, publish
from portal_app.services.problems import IntakeFormProblem

QUESTIONS = (
    {"kind": "text", "en": "What would you like help with?", "es": "¿Con qué le gustaría ayuda?"},
    {
        "kind": "choice",
        "en": "How did you hear about us?",
        "es": "¿Cómo supo de nosotros?",
        "choices_en": "My doctor\nA friend or family member\nOur website\nOther",
        "choices_es": "Mi médico\nUn amigo o familiar\nNuestro sitio web\nOtro",
    },
    {
        "kind": "yes_no",
        "en": "Have you had counseling before?",
        "es": "¿Ha tenido consejería antes?",
    },
    {
        "kind": "date",
        "en": "When did you last see a doctor?",
        "es": "¿Cuándo vio a un médico por última vez?",
        "required": "no",
    },
)


def add_intake(db: Session, today: date) -> None:
    admin = actor_of(db, "admin@example.org")
    first = today - timedelta(weeks=WEEKS + 1)
    at = local_at(first, 9)
    form = new_form(db, admin, "New patient questions", "Preguntas para pacientes nuevos", now=at)
    if isinstance(form, IntakeFormProblem):
        check(form)
        return
    for question in QUESTIONS:
        check(add_question(db, admin, form.id, question, now=at))
    check(publish(db, admin, form.id, now=at))
    text, heard, before, doctor = (q["id"] for q in form.questions)
    answers = {
        text: "I feel down most days and I do not sleep well.",
        heard: "0",
        before: "no",
        doctor: (first - timedelta(days=60)).isoformat(),
    }
    check(submit(db, actor_of(db, "alex@example.org"), form.id, answers, now=local_at(first, 20)))
