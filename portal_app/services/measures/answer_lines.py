"""A questionnaire's answers as staff read them: each question and the answer chosen, in the
reader's language, with the ones that signal risk marked (PHQ-9 item 9 above "Not at all",
EPDS item 10 above "Never", any C-SSRS "Yes"). A total alone hides what matters (found: staff
saw only "PHQ-9: 14")."""

from __future__ import annotations

from dataclasses import dataclass

from portal_app.content.instruments import instrument, item_answers
from portal_app.models import QuestionnaireResponse
from portal_app.services.measures.scoring import is_risk_answer


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str
    flagged: bool


def answer_lines(response: QuestionnaireResponse, language: str) -> list[AnswerLine]:
    definition = instrument(response.instrument)
    lines = []
    for index, (item, value) in enumerate(zip(definition["items"], response.answers, strict=False)):
        if value is None:
            continue
        options = item_answers(definition, item)
        chosen = next((o for o in options if o["value"] == value), None)
        answer = chosen["text"][language] if chosen and chosen["text"] else str(value)
        flagged = is_risk_answer(definition, index, value) or (
            response.instrument == "cssrs" and value == 1
        )
        question = item["text"][language] if item["text"] else f"{definition['name']} {index + 1}"
        lines.append(AnswerLine(question, answer, flagged))
    return lines
