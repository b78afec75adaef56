"""The measures in the FHIR export: questionnaire answers (QuestionnaireResponse), each total
as an Observation coded with the measure's LOINC total code where LOINC has one (from the
measure's definition; none invented), and daily check-ins as mood Observations."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from portal_app.content.instruments import TOTAL_SCORED, instrument, questionnaire_resource
from portal_app.models import (
    CheckIn,
    IntakeForm,
    IntakeResponse,
    Patient,
    QuestionnaireResponse,
)
from portal_app.services.common.local_time import as_utc

BASE = "urn:uuid:"
LOINC = "http://loinc.org"
TOTAL_NAMES = {  # LOINC's display names of the total codes the definitions use
    "44261-6": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    "70274-6": "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    "75624-7": "Total score [AUDIT]",
    "75626-2": "Total score [AUDIT-C]",
    "99046-5": "Edinburgh Postnatal Depression Scale [EPDS]",
}


def total_code(instrument_id: str) -> dict[str, Any]:
    """The Observation code of a measure's total: LOINC where it has one, else plain text."""
    definition = instrument(instrument_id)
    code = definition.get("loinc_total")
    if code and code in TOTAL_NAMES:
        return {"coding": [{"system": LOINC, "code": code, "display": TOTAL_NAMES[code]}]}
    return {"text": f"{definition['name']} total score"}


SURVEY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey",
            }
        ]
    }
]


def when(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def _answered_items(response: QuestionnaireResponse) -> list[dict[str, Any]]:
    """Each answered question by its linkId, with the chosen option's coding from the measure's
    Questionnaire (codes only for a licensed measure: its words are the clinic's)."""
    questions = [
        item
        for item in questionnaire_resource(response.instrument)["item"]
        if item["type"] == "choice"
    ]
    found = []
    for question, chosen in zip(questions, response.answers, strict=False):
        if not isinstance(chosen, int) or not 0 <= chosen < len(question["answerOption"]):
            continue
        coding = question["answerOption"][chosen]["valueCoding"]
        kept = {key: coding[key] for key in ("system", "code", "display") if key in coding}
        found.append({"linkId": question["linkId"], "answer": [{"valueCoding": kept}]})
    return found


def questionnaires(db: Session, patient: Patient) -> list[dict[str, Any]]:
    """The Questionnaire of each measure the patient answered, so the export reads on its own."""
    used = db.exec(
        select(QuestionnaireResponse.instrument)
        .where(QuestionnaireResponse.patient_id == patient.id, col(QuestionnaireResponse.complete))
        .distinct()
    ).all()
    return [questionnaire_resource(name) for name in sorted(used)]


def answers(db: Session, patient: Patient) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    rows = db.exec(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.patient_id == patient.id, col(QuestionnaireResponse.complete))
        .order_by(col(QuestionnaireResponse.submitted_at))
    ).all()
    for r in rows:
        resources.append(
            {
                "resourceType": "QuestionnaireResponse",
                "id": str(r.id),
                "questionnaire": f"https://steady.invalid/Questionnaire/{r.instrument}",
                "status": "completed",
                "subject": {"reference": BASE + str(patient.id)},
                "authored": when(r.submitted_at),
                "item": _answered_items(r),
            }
        )
        if r.instrument in TOTAL_SCORED and r.total is not None:
            resources.append(
                {
                    "resourceType": "Observation",
                    "id": str(uuid.uuid5(r.id, "total")),
                    "status": "final",
                    "category": SURVEY,
                    "code": total_code(r.instrument),
                    "subject": {"reference": BASE + str(patient.id)},
                    "effectiveDateTime": when(r.submitted_at),
                    "valueInteger": r.total,
                    "derivedFrom": [{"reference": BASE + str(r.id)}],
                }
            )
    return resources


def _intake_answer(question: dict[str, Any]) -> list[dict[str, Any]]:
    """One answer in FHIR's own value types (none for a question left empty)."""
    answer = question.get("answer")
    if answer is None:
        return []
    if question["kind"] == "choice":
        return [{"valueString": str(question["choices"][int(answer)]["en"])}]
    if question["kind"] == "yes_no":
        return [{"valueBoolean": answer == "yes"}]
    if question["kind"] == "date":
        return [{"valueDate": str(answer)}]
    return [{"valueString": str(answer)}]


def intake_answers(db: Session, patient: Patient) -> list[dict[str, Any]]:
    """The clinic's intake forms the patient filled, as QuestionnaireResponses (questions as
    they were asked, in English, with each answer in FHIR's value type)."""
    rows = db.exec(
        select(IntakeResponse, IntakeForm)
        .join(IntakeForm, col(IntakeForm.id) == IntakeResponse.form_id)
        .where(IntakeResponse.patient_id == patient.id)
        .order_by(col(IntakeResponse.submitted_at))
    ).all()
    return [
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(response.id),
            "questionnaire": f"https://steady.invalid/Questionnaire/intake-{form.id}",
            "status": "completed",
            "subject": {"reference": BASE + str(patient.id)},
            "authored": when(response.submitted_at),
            "item": [
                {"linkId": q["id"], "text": q["en"], "answer": _intake_answer(q)}
                if q.get("answer") is not None
                else {"linkId": q["id"], "text": q["en"]}
                for q in response.answers
            ],
        }
        for response, form in rows
    ]


def mood(db: Session, patient: Patient) -> list[dict[str, Any]]:
    rows = db.exec(select(CheckIn).where(CheckIn.patient_id == patient.id)).all()
    return [
        {
            "resourceType": "Observation",
            "id": str(c.id),
            "status": "final",
            "category": SURVEY,
            "code": {"text": "Daily check-in: mood (1 very low to 5 very good)"},
            "subject": {"reference": BASE + str(patient.id)},
            "effectiveDateTime": when(c.recorded_at),
            "valueInteger": c.mood,
            **({"note": [{"text": c.note}]} if c.note else {}),
        }
        for c in rows
    ]
