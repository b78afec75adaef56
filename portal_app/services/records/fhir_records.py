"""The record parts of the FHIR export: what the care team shared (DocumentReference) and
allergies (AllergyIntolerance). Items taken back and removed allergies stay out, and
psychotherapy notes are never read here at all."""

from __future__ import annotations

import base64
from typing import Any

from sqlmodel import Session, col, select

from portal_app.models import Allergy, Patient, SharedDocument, User
from portal_app.services.common.local_time import as_utc

TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
CRITICALITY = {"severe": "high", "mild": "low", "moderate": "low", "unknown": "unable-to-assess"}
PART2_LABEL = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "code": "42CFRPart2",
    "display": "42 CFR Part2",
}
SEVERITY = {"mild": "mild", "moderate": "moderate", "severe": "severe"}


def shared_documents(
    db: Session, patient: Patient, patient_ref: str, *, with_part2: bool, notice: str
) -> list[dict[str, Any]]:
    """Part 2 items only `with_part2` (the patient's own copy, or their export consent), then
    labelled with the federal notice and the 42 CFR Part 2 security label."""
    rows = db.exec(
        select(SharedDocument, User.display_name)
        .join(User, col(User.id) == SharedDocument.shared_by)
        .where(
            SharedDocument.patient_id == patient.id,
            col(SharedDocument.withdrawn_at).is_(None),
        )
        .order_by(col(SharedDocument.shared_at))
    ).all()
    resources = []
    for doc, name in rows:
        if doc.part2 and not with_part2:
            continue
        if doc.file_name is not None:
            attachment = {
                "contentType": doc.content_type,
                "title": doc.file_name,
                "size": doc.size,
                "url": f"/api/records/{doc.id}/file",
            }
        else:
            attachment = {
                "contentType": "text/plain; charset=utf-8",
                "title": doc.title,
                "data": base64.b64encode(doc.body.encode()).decode(),
            }
        resources.append(
            {
                "resourceType": "DocumentReference",
                "id": str(doc.id),
                "status": "current",
                "type": {"text": "Visit summary" if doc.kind == "visit_summary" else "Document"},
                "subject": {"reference": patient_ref},
                "date": as_utc(doc.shared_at).isoformat(),
                "author": [{"display": name}],
                "description": f"{doc.title} ({notice})" if doc.part2 else doc.title,
                "content": [{"attachment": attachment}],
            }
        )
        if doc.part2:
            resources[-1]["securityLabel"] = [{"coding": [PART2_LABEL]}]
    return resources


def allergies(db: Session, patient: Patient, patient_ref: str) -> list[dict[str, Any]]:
    rows = db.exec(
        select(Allergy, User.display_name)
        .join(User, col(User.id) == Allergy.noted_by)
        .where(Allergy.patient_id == patient.id, col(Allergy.removed_at).is_(None))
        .order_by(col(Allergy.noted_at))
    ).all()
    resources = []
    for allergy, name in rows:
        resource: dict[str, Any] = {
            "resourceType": "AllergyIntolerance",
            "id": str(allergy.id),
            "clinicalStatus": {
                "coding": [
                    {"system": TERMINOLOGY + "allergyintolerance-clinical", "code": "active"}
                ]
            },
            "verificationStatus": {
                "coding": [
                    {"system": TERMINOLOGY + "allergyintolerance-verification", "code": "confirmed"}
                ]
            },
            "criticality": CRITICALITY.get(allergy.severity, "unable-to-assess"),
            "code": {"text": allergy.substance},
            "patient": {"reference": patient_ref},
            "recordedDate": as_utc(allergy.noted_at).isoformat(),
            "recorder": {"display": name},
        }
        if allergy.reaction:
            reaction: dict[str, Any] = {"manifestation": [{"text": allergy.reaction}]}
            if allergy.severity in SEVERITY:
                reaction["severity"] = SEVERITY[allergy.severity]
            resource["reaction"] = [reaction]
        resources.append(resource)
    return resources
