"""The measures in the FHIR export: questionnaire answers (QuestionnaireResponse), each total
as an Observation coded with the measure's LOINC total code where LOINC has one (from the
measure's definition; none invented), and daily check-ins as mood Observations."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from portal_app.content.instruments import TOTAL_SCORED, instrument
from portal_app.models import CheckIn, Patient, QuestionnaireResponse
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
                "item": [
                    {"linkId": f"q{i + 1}", "answer": [{"valueInteger": int(a)}]}
                    for i, a in enumerate(r.answers)
                    if isinstance(a, int)
                ],
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
