"""Answering a questionnaire: one question per screen, "back" always works, answers kept as we go.

Every answer is saved at once (through the same sync service as the offline outbox), so a
timeout or a closed tab loses nothing. A positive risk question (PHQ-9 item 9 at 1 or more,
EPDS item 10 scoring above 0) opens the calm crisis screen straight away (the care team's alert
is raised by that same save), then the C-SSRS screener. A patient may start the short mood and
worry measures any time; the others when the care team scheduled them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.content.catalog import LANGUAGES
from portal_app.content.instruments import (
    ASSIGNABLE,
    SELF_START,
    available,
    instrument,
    item_answers,
    risk_reason,
)
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound, own_patient_id
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.measures.assignments import assignments_of
from portal_app.services.measures.journal import open_response, results_of, sync
from portal_app.services.measures.scoring import cssrs_asked, is_risk_answer
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

OFFERED = ASSIGNABLE  # the C-SSRS screener only follows a risk question


def _texts(texts: dict[str, str]) -> dict[str, str]:
    return {lang: texts[lang] for lang in LANGUAGES}


class QuestionnaireState(rx.State):
    step: rx.Field[str] = rx.field("pick")  # pick, question, crisis, result
    instrument_id: rx.Field[str] = rx.field("")
    title: dict[str, str] = {}
    stem: dict[str, str] = {}
    question: dict[str, str] = {}
    options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # value, en, es
    selected: rx.Field[str] = rx.field("")
    number: rx.Field[int] = rx.field(0)  # 1-based, of the questions asked
    count: rx.Field[int] = rx.field(0)
    result_key: rx.Field[str] = rx.field("")  # a catalog key that says what the score means
    total: rx.Field[str] = rx.field("")
    previous: rx.Field[str] = rx.field("")  # "12 on 2026-11-10"
    follow_up: rx.Field[bool] = rx.field(False)  # the C-SSRS screener comes next
    problem: rx.Field[str] = rx.field("")
    choices: rx.Field[list[str]] = rx.field(default_factory=list)  # what this patient may start
    _answers: list[int | None] = []
    _index: int = 0
    _response_id: str = ""

    def _definition(self) -> dict[str, Any]:
        return instrument(self.instrument_id)

    def _asked(self) -> list[int]:
        definition = self._definition()
        if definition["kind"] == "cssrs":
            return [i for i, asked in enumerate(cssrs_asked(definition, self._answers)) if asked]
        return list(range(len(definition["items"])))

    def _show(self) -> None:
        definition = self._definition()
        item = definition["items"][self._index]
        asked = self._asked()
        self.step, self.problem = "question", ""
        self.title, self.stem = _texts(definition["title"]), _texts(definition["stem"])
        self.question = _texts(item["text"])
        self.options = [
            {"value": str(a["value"]), **_texts(a["text"])} for a in item_answers(definition, item)
        ]
        answer = self._answers[self._index]
        self.selected = "" if answer is None else str(answer)
        self.number, self.count = asked.index(self._index) + 1, len(asked)

    def _save(self, submitted: bool) -> bool:
        entry = {
            "kind": "questionnaire",
            "id": self._response_id,
            "recorded_at": datetime.now(UTC).isoformat(),
            "instrument": self.instrument_id,
            "answers": list(self._answers),
            "submitted": submitted,
        }
        try:
            with session_scope() as db:
                return bool(sync(db, acting(), [entry], now=datetime.now(UTC)).accepted)
        except NotFound:
            return False

    def _begin(self, instrument_id: str) -> None:
        self.instrument_id, self.follow_up, self.result_key = instrument_id, False, ""
        count = len(instrument(instrument_id)["items"])
        with session_scope() as db:
            unfinished = open_response(db, acting(), instrument_id, now=datetime.now(UTC))
        if unfinished is not None and len(unfinished.answers) == count:
            self._response_id, self._answers = str(unfinished.id), list(unfinished.answers)
        else:
            self._response_id, self._answers = str(uuid.uuid4()), [None] * count
        asked = self._asked()
        self._index = next((i for i in asked if self._answers[i] is None), asked[-1])
        self._show()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_questionnaires(self) -> None:
        self.step, self.problem = "pick", ""
        self.choices = self._choices()

    def _choices(self) -> list[str]:
        """The short measures, and those the care team scheduled for this patient."""
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            patient_id = own_patient_id(db, me)
            scheduled = (
                {a.instrument for a in assignments_of(db, me, patient_id, now=now)}
                if patient_id
                else set()
            )
        return [
            name
            for name in ASSIGNABLE
            if (name in SELF_START or name in scheduled) and available(name)
        ]

    @rx.event
    @signed_in_event(Role.PATIENT)
    def start(self, instrument_id: str) -> None:
        if instrument_id in self._choices():
            self._begin(instrument_id)

    @rx.event
    @signed_in_event(Role.PATIENT)
    def choose(self, choice: str) -> None:
        if self.step != "question" or choice not in {o["value"] for o in self.options}:
            return
        value = int(choice)
        self._answers[self._index] = value
        if not self._save(submitted=False):
            self.problem = "questionnaire.not_saved"
            return
        if is_risk_answer(self._definition(), self._index, value):
            self.step = "crisis"  # at once, before anything else
            return
        self._forward()

    def _forward(self) -> None:
        asked = self._asked()
        later = [i for i in asked if i > self._index]
        if later:
            self._index = later[0]
            self._show()
        else:
            self._finish()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def after_crisis(self) -> None:
        if self.step == "crisis":
            self._forward()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def back(self) -> None:
        if self.step != "question":
            return  # nothing is being asked: nowhere to go back to
        earlier = [i for i in self._asked() if i < self._index]
        if earlier:
            self._index = earlier[-1]
            self._show()
        else:
            self.step = "pick"

    def _finish(self) -> None:
        if any(self._answers[i] is None for i in self._asked()):
            self._index = next(i for i in self._asked() if self._answers[i] is None)
            self._show()
            return
        if not self._save(submitted=True):
            self.problem = "questionnaire.not_saved"
            return
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            patient_id = own_patient_id(db, me)
            rows = (
                results_of(db, me, patient_id, self.instrument_id, now=now, limit=2)
                if patient_id
                else []
            )
            zone = zone_of(db, me.user_id)
        latest = rows[0] if rows else None
        self.step = "result"
        self.total = "" if latest is None or latest.total is None else str(latest.total)
        self.previous = (
            f"{rows[1].total} ({local_text(rows[1].submitted_at, zone)[:10]})"
            if len(rows) > 1
            else ""
        )
        self.result_key = self._meaning(latest)
        self.follow_up = bool(risk_reason(self.instrument_id) and latest and latest.item9_positive)

    def _meaning(self, latest: Any) -> str:
        if latest is None:
            return ""
        if latest.risk is not None:
            return f"result.cssrs.{latest.risk}"
        if latest.severity:  # a band (PHQ-9, GAD-7), an AUDIT zone, or "scored" (AUDIT-C)
            return f"result.{self.instrument_id}.{latest.severity.replace(' ', '_')}"
        if latest.positive is not None:
            return f"result.{self.instrument_id}.{'positive' if latest.positive else 'negative'}"
        return ""

    @rx.event
    @signed_in_event(Role.PATIENT)
    def start_follow_up(self) -> None:
        if self.follow_up:
            self._begin("cssrs")
