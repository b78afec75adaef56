"""A patient fills the clinic's intake form before a first visit: every question on one page,
sent once. A problem is said beside its question and, in words, where the person tapped Send;
what they typed stays in the fields (they are never redrawn)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.intake.answers import forms_to_fill, submit
from portal_app.services.problems import IntakeProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

SUMMARY = "intake.problem.summary"
FIELD_PROBLEMS = tuple(IntakeProblem)  # said beside a question
PROBLEMS = (*FIELD_PROBLEMS, SUMMARY)  # said where Send was tapped


class IntakeState(rx.State):
    loaded: rx.Field[bool] = rx.field(False)
    form_id: rx.Field[str] = rx.field("")
    title: dict[str, str] = {}
    questions: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    choices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # question, value
    problem_of: dict[str, str] = {}  # question id -> catalog key ("" when fine)
    problem: rx.Field[str] = rx.field("")  # the summary where Send was tapped
    missing: rx.Field[str] = rx.field("")  # "2, 4": the numbers of the questions to fix
    done: rx.Field[bool] = rx.field(False)

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_intake(self) -> None:
        self.done, self.problem, self.missing = False, "", ""
        with session_scope() as db:
            forms = forms_to_fill(db, acting(), now=datetime.now(UTC))
        form = forms[0] if forms else None
        self.form_id = str(form.id) if form else ""
        self.title = {"en": form.title_en, "es": form.title_es} if form else {}
        questions = form.questions if form else []
        self.questions = [
            {
                "id": q["id"],
                "kind": q["kind"],
                "en": q["en"],
                "es": q["es"],
                "number": str(n),
                "required": "yes" if q["required"] else "no",
            }
            for n, q in enumerate(questions, start=1)
        ]
        self.choices = [
            {"question": q["id"], "value": str(i), "en": c["en"], "es": c["es"]}
            for q in questions
            for i, c in enumerate(q["choices"])
        ]
        self.problem_of = {q["id"]: "" for q in questions}
        self.loaded = True

    @rx.event
    @signed_in_event(Role.PATIENT)
    def send(self, form_data: dict[str, Any]) -> None:
        if not self.form_id:
            return
        values = {str(k): str(v) for k, v in form_data.items()}
        try:
            with session_scope() as db:
                problems = submit(
                    db, acting(), uuid.UUID(self.form_id), values, now=datetime.now(UTC)
                )
        except NotFound:
            problems = {"": IntakeProblem.GONE}
        if not problems:
            self.done, self.problem, self.missing = True, "", ""
            return
        if "" in problems:
            self.problem, self.missing = problems[""], ""
            return
        self.problem_of = {q["id"]: str(problems.get(q["id"], "")) for q in self.questions}
        self.missing = ", ".join(q["number"] for q in self.questions if q["id"] in problems)
        self.problem = SUMMARY
