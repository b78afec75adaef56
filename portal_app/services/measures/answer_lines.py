"""A questionnaire's answers as staff read them: each question and the answer chosen, in the
reader's language, with the ones that signal risk marked (PHQ-9 item 9 above "Not at all",
any C-SSRS "Yes"). A total alone hides what matters (found: staff saw only "PHQ-9: 14")."""

from __future__ import annotations

from dataclasses import dataclass

from portal_app.content.instruments import instrument, item_answers
from portal_app.models import QuestionnaireResponse


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str
    flagged: bool


def answer_lines(response: QuestionnaireResponse, language: str) -> list[AnswerLine]:
    definition = instrument(response.instrument)
    risk_item = definition.get("risk_item")
    lines = []
    for item, value in zip(definition["items"], response.answers, strict=False):
        if value is None:
            continue
        options = item_answers(definition, item)
        chosen = next((o for o in options if o["value"] == value), None)
        answer = chosen["text"][language] if chosen else str(value)
        flagged = (item["id"] == risk_item and value >= 1) or (
            response.instrument == "cssrs" and value == 1
        )
        lines.append(AnswerLine(item["text"][language], answer, flagged))
    return lines
