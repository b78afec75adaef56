"""The patient's record as a FHIR Bundle (R4B, validated with fhir.resources).

What goes in is what the patient may read: who they are, their care team, visits, medicines,
questionnaire answers with PHQ-9 and GAD-7 totals as LOINC-coded observations, daily check-in
mood, the treatment plan, their messages with the files sent in them, what the care team
shared (visit summaries and documents) and allergies. The care team's own notes (on the
patient and on conversations) and psychotherapy notes never go in. Every export is audited.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from sqlmodel import Session, col, select

from portal_app.content.catalog import text
from portal_app.models import (
    Appointment,
    CarePlanVersion,
    Medicine,
    Message,
    MessageAttachment,
    MessageThread,
    Patient,
    Role,
    User,
)
from portal_app.services.access import Actor, Category, NotFound, load_patient_for
from portal_app.services.care_team.care_team_inbox import team_of
from portal_app.services.common import audit
from portal_app.services.records import fhir_records
from portal_app.services.records.fhir_measures import (
    BASE,
    answers,
    intake_answers,
    mood,
    questionnaires,
    when,
)
from portal_app.services.records.part2_consent import NOTICE, may_disclose

VISIT_STATUS = {
    "booked": "booked",
    "requested": "pending",
    "cancelled": "cancelled",
    "declined": "cancelled",
    "completed": "fulfilled",
    "missed": "noshow",
}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    """A measure's Questionnaire is known by its canonical url; everything else by its uuid."""
    return {"fullUrl": resource.get("url") or BASE + resource["id"], "resource": resource}


def _reach(patient: Patient) -> dict[str, Any]:
    """Patient.telecom (their phone) and Patient.contact (the emergency contact they chose)."""
    found: dict[str, Any] = {}
    if patient.phone:
        found["telecom"] = [{"system": "phone", "value": patient.phone, "use": "mobile"}]
    if patient.emergency_name:
        contact: dict[str, Any] = {
            "relationship": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                            "code": "C",
                            "display": "Emergency Contact",
                        }
                    ],
                    **({"text": patient.emergency_relation} if patient.emergency_relation else {}),
                }
            ],
            "name": {"text": patient.emergency_name},
        }
        if patient.emergency_phone:
            contact["telecom"] = [{"system": "phone", "value": patient.emergency_phone}]
        found["contact"] = [contact]
    return found


def _people(db: Session, patient: Patient) -> list[dict[str, Any]]:
    person = db.get(User, patient.user_id)
    team = team_of(db, patient.id)
    resources: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "id": str(patient.id),
            "name": [{"text": person.display_name if person else patient.preferred_name}],
            "birthDate": patient.date_of_birth.isoformat(),
            **_reach(patient),
            "communication": [
                {
                    "language": {
                        "coding": [
                            {
                                "system": "urn:ietf:bcp:47",
                                "code": person.language.value if person else "en",
                            }
                        ]
                    }
                }
            ],
        }
    ]
    resources += [
        {"resourceType": "Practitioner", "id": str(cid), "name": [{"text": name}]}
        for cid, name in team
    ]
    resources.append(
        {
            "resourceType": "CareTeam",
            "id": str(uuid.uuid5(patient.id, "care-team")),
            "status": "active",
            "subject": {"reference": BASE + str(patient.id)},
            "participant": [
                {"member": {"reference": BASE + str(cid), "display": name}} for cid, name in team
            ],
        }
    )
    return resources


def _visits(db: Session, patient: Patient) -> list[dict[str, Any]]:
    rows = db.exec(select(Appointment).where(Appointment.patient_id == patient.id)).all()
    return [
        {
            "resourceType": "Appointment",
            "id": str(v.id),
            "status": VISIT_STATUS.get(v.status, "proposed"),
            "start": when(v.starts_at),
            "end": when(v.ends_at),
            "description": "Video visit" if v.kind == "video" else f"In person: {v.location}",
            "participant": [
                {"actor": {"reference": BASE + str(patient.id)}, "status": "accepted"},
                {"actor": {"reference": BASE + str(v.clinician_id)}, "status": "accepted"},
            ],
        }
        for v in rows
    ]


def _medicines(db: Session, patient: Patient) -> list[dict[str, Any]]:
    rows = db.exec(select(Medicine).where(Medicine.patient_id == patient.id)).all()
    return [
        {
            "resourceType": "MedicationStatement",
            "id": str(m.id),
            "status": "active" if m.active else "stopped",
            "medicationCodeableConcept": {"text": m.name},
            "subject": {"reference": BASE + str(patient.id)},
            "effectivePeriod": {"start": m.started_on.isoformat()},
            "dosage": [
                {"text": " ".join(p for p in (m.dose, m.instructions, ", ".join(m.times)) if p)}
            ],
        }
        for m in rows
    ]


def _plan(db: Session, patient: Patient) -> list[dict[str, Any]]:
    """The current treatment plan: a CarePlan with one Goal per goal (steps as activities)."""
    current = db.exec(
        select(CarePlanVersion)
        .where(CarePlanVersion.patient_id == patient.id)
        .order_by(col(CarePlanVersion.version).desc())
    ).first()
    if current is None:
        return []
    goals: list[dict[str, Any]] = [
        {
            "resourceType": "Goal",
            "id": str(uuid.uuid5(current.id, str(i))),
            "lifecycleStatus": "active",
            "description": {"text": g["goal"]},
            "subject": {"reference": BASE + str(patient.id)},
            "note": [{"text": step} for step in g["steps"]] or None,
        }
        for i, g in enumerate(current.goals)
    ]
    plan = {
        "resourceType": "CarePlan",
        "id": str(current.id),
        "status": "active",
        "intent": "plan",
        "title": f"Treatment plan, version {current.version}",
        "created": when(current.created_at),
        "subject": {"reference": BASE + str(patient.id)},
        "goal": [{"reference": BASE + str(g["id"])} for g in goals],
        "activity": [
            {"detail": {"status": "in-progress", "description": step}}
            for g in current.goals
            for step in g["steps"]
        ],
    }
    return [plan, *({k: v for k, v in g.items() if v is not None} for g in goals)]


def _messages(db: Session, patient: Patient) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    rows = db.exec(
        select(Message, MessageThread.subject)
        .join(MessageThread, col(MessageThread.id) == Message.thread_id)
        .where(MessageThread.patient_id == patient.id)
        .order_by(col(Message.sent_at))
    ).all()
    for message, subject in rows:
        sender = str(patient.id) if message.from_patient else str(message.author_id)
        resources.append(
            {
                "resourceType": "Communication",
                "id": str(message.id),
                "status": "completed",
                "subject": {"reference": BASE + str(patient.id)},
                "topic": {"text": subject},
                "sent": when(message.sent_at),
                "sender": {"reference": BASE + sender},
                "payload": [{"contentString": message.body}],
            }
        )
    files = db.exec(
        select(MessageAttachment).where(
            MessageAttachment.patient_id == patient.id,
            col(MessageAttachment.message_id).is_not(None),
        )
    ).all()
    resources += [
        {
            "resourceType": "DocumentReference",
            "id": str(f.id),
            "status": "current",
            "subject": {"reference": BASE + str(patient.id)},
            "date": when(f.created_at),
            "description": f.file_name,
            "content": [
                {
                    "attachment": {
                        "contentType": f.content_type,
                        "title": f.file_name,
                        "size": f.size,
                        "url": f"/api/attachments/{f.id}",
                    }
                }
            ],
        }
        for f in files
    ]
    return resources


def everything(
    db: Session, actor: Actor | None, patient_id: uuid.UUID, *, now: datetime
) -> dict[str, Any]:
    """The patient's whole record as a validated Bundle (as JSON-ready data). `actor` None is
    the operator's command line; it is audited as such."""
    if actor is not None:
        if actor.role not in (Role.PATIENT, Role.CLINICIAN):  # caregivers see, never export
            raise NotFound
        patient = load_patient_for(db, actor, patient_id, Category.RECORDS, now=now)
    else:
        found = db.get(Patient, patient_id)
        if found is None:
            raise LookupError("no such patient")
        patient = found
    audit.record(
        db,
        "records.export_fhir",
        now=now,
        actor_id=actor.user_id if actor else None,
        patient_id=patient.id,
        clinic_id=patient.clinic_id,
        category=Category.RECORDS.value,
        client_address=actor.client_address if actor else "command line",
    )
    resources = (
        _people(db, patient)
        + _visits(db, patient)
        + _medicines(db, patient)
        + questionnaires(db, patient)
        + answers(db, patient)
        + intake_answers(db, patient)
        + mood(db, patient)
        + _plan(db, patient)
        + _messages(db, patient)
        + fhir_records.shared_documents(
            db,
            patient,
            BASE + str(patient.id),
            with_part2=(actor is not None and actor.role is Role.PATIENT)
            or may_disclose(db, patient.id, "export", today=now.date()),
            notice=text(NOTICE, language_of(db, patient.user_id)),
        )
        + fhir_records.allergies(db, patient, BASE + str(patient.id))
    )
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [_entry(r) for r in resources],
    }
    validated = Bundle.model_validate(bundle)  # raises if anything does not fit FHIR
    return dict(validated.model_dump(mode="json", exclude_none=True))


def find_patient(db: Session, key: str) -> uuid.UUID | None:
    """A patient by id or by their account's email (for the operator's command line); an email
    that several clinics have is not enough to say which one (the id is then needed)."""
    try:
        by_id = db.get(Patient, uuid.UUID(key))
    except ValueError:
        by_id = None
    if by_id is not None:
        return by_id.id
    found = db.exec(
        select(Patient.id)
        .join(User, col(User.id) == Patient.user_id)
        .where(User.email == key.strip().lower())
    ).all()
    return found[0] if len(found) == 1 else None


def language_of(db: Session, user_id: uuid.UUID) -> str:
    person = db.get(User, user_id)
    return person.language.value if person else "en"
