"""Clinic admins build intake forms: a title and questions in English and Spanish, published
when ready. Each problem is said next to the form it came from."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.intake.forms import (
    KINDS,
    add_question,
    copy_to_draft,
    forms_of_clinic,
    new_form,
    publish,
    remove_question,
    retire,
)
from portal_app.services.problems import IntakeFormProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["KINDS", "PROBLEMS", "AdminIntakeState"]
PROBLEMS = tuple(IntakeFormProblem)


class AdminIntakeState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    forms: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # id, en, es, status
    editing: rx.Field[str] = rx.field("")  # the draft being edited
    editing_title: rx.Field[str] = rx.field("")
    questions: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    create_problem: rx.Field[str] = rx.field("")
    question_problem: rx.Field[str] = rx.field("")
    publish_problem: rx.Field[str] = rx.field("")
    done_key: rx.Field[str] = rx.field("")  # said beside the list: "published", ...
    add_key: rx.Field[int] = rx.field(0)  # a new value empties the add-a-question form
    create_key: rx.Field[int] = rx.field(0)  # ...and the new-form form, once it is made

    def _refresh(self) -> None:
        with session_scope() as db:
            forms = forms_of_clinic(db, acting())
        self.forms = [
            {
                "id": str(f.id),
                "en": f.title_en,
                "es": f.title_es,
                "status": f.status,
                "count": str(len(f.questions)),
            }
            for f in forms
        ]
        draft = next((f for f in forms if str(f.id) == self.editing and f.status == "draft"), None)
        self._show(draft)
        self.allowed = True

    def _show(self, draft: Any) -> None:
        self.editing = str(draft.id) if draft else ""
        self.editing_title = draft.title_en if draft else ""
        self.questions = [
            {
                "id": q["id"],
                "kind": q["kind"],
                "en": q["en"],
                "es": q["es"],
                "required": "yes" if q["required"] else "no",
                "choices": " / ".join(c["en"] for c in q["choices"]),
            }
            for q in (draft.questions if draft else [])
        ]

    def _do(self, change: Callable[[Any], object]) -> object:
        try:
            with session_scope() as db:
                return change(db)
        except (ValueError, NotFound):
            return IntakeFormProblem.NOT_DRAFT

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_intake_admin(self) -> None:
        self.create_problem = self.question_problem = self.publish_problem = self.done_key = ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def create(self, form_data: dict[str, Any]) -> None:
        now = datetime.now(UTC)
        en, es = str(form_data.get("title_en", "")), str(form_data.get("title_es", ""))
        made = self._do(lambda db: new_form(db, acting(), en, es, now=now))
        if isinstance(made, IntakeFormProblem):
            self.create_problem = str(made)
        else:
            self.create_problem, self.editing = "", str(getattr(made, "id", ""))
            self.create_key += 1  # made: empty fields, so a second tap makes no twin
            self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def edit(self, form_id: str) -> None:
        self.editing, self.question_problem, self.publish_problem = form_id, "", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def add(self, form_data: dict[str, Any]) -> None:
        if not self.editing:
            return
        form_id, now = uuid.UUID(self.editing), datetime.now(UTC)
        fields = {k: str(v) for k, v in form_data.items()}
        problem = self._do(lambda db: add_question(db, acting(), form_id, fields, now=now))
        self.question_problem = str(problem or "")
        if problem is None:
            self.add_key += 1  # added: an empty form for the next one (kept on a problem)
            self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def remove(self, question_id: str) -> None:
        if self.editing:
            form_id, now = uuid.UUID(self.editing), datetime.now(UTC)
            self._do(lambda db: remove_question(db, acting(), form_id, question_id, now=now))
            self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def publish_draft(self) -> None:
        if not self.editing:
            return
        form_id, now = uuid.UUID(self.editing), datetime.now(UTC)
        problem = self._do(lambda db: publish(db, acting(), form_id, now=now))
        self.publish_problem = str(problem or "")
        if problem is None:
            self.editing, self.done_key = "", "intake_admin.published"
            self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def stop_offering(self, form_id: str) -> None:
        now = datetime.now(UTC)
        self._do(lambda db: retire(db, acting(), uuid.UUID(form_id), now=now))
        self.done_key = "intake_admin.retired"
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def new_version(self, form_id: str) -> None:
        now = datetime.now(UTC)
        made = self._do(lambda db: copy_to_draft(db, acting(), uuid.UUID(form_id), now=now))
        if not isinstance(made, IntakeFormProblem):
            self.editing, self.done_key = str(getattr(made, "id", "")), ""
            self._refresh()
