"""`GET /api/fhir/Patient/{id}/$everything`: the patient's record as a FHIR Bundle, for the
patient (use `me` for your own) and their care team. Every download is audited."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from portal_app.api.downloads import download_for
from portal_app.services.access import Actor, NotFound, own_patient_id
from portal_app.services.common.local_time import zone_of
from portal_app.services.records.fhir_export import everything, language_of
from portal_app.services.records.record_summary import summary_html

NOT_FOUND = "We could not find that record."


def record_file_name(bundle: dict[str, Any], now: datetime) -> str:
    """Whose record and from when, e.g. "health-record-alex-morgan-2026-12-03.json" (found:
    every download was "my-health-record.json")."""
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    plain = unicodedata.normalize("NFKD", patient["name"][0]["text"]).encode("ascii", "ignore")
    name = re.sub(r"[^a-z0-9]+", "-", plain.decode().lower()).strip("-")[:40] or "patient"
    return f"health-record-{name}-{now.date().isoformat()}.json"


def patient_everything(request: Request) -> Response:
    def read(db: Session, actor: Actor, now: datetime) -> Response:
        asked = str(request.path_params["patient_id"])
        patient_id = own_patient_id(db, actor) if asked == "me" else uuid.UUID(asked)
        if patient_id is None:
            raise NotFound
        bundle = everything(db, actor, patient_id, now=now)
        return Response(
            json.dumps(bundle, ensure_ascii=False, indent=1),
            media_type="application/fhir+json",
            headers={
                "Content-Disposition": f'attachment; filename="{record_file_name(bundle, now)}"',
                "Cache-Control": "no-store",
            },
        )

    return download_for(request, NOT_FOUND, read)


def printable_summary(request: Request) -> Response:
    """The same record as a page to read and print, in the person's language."""

    def read(db: Session, actor: Actor, now: datetime) -> Response:
        patient_id = own_patient_id(db, actor)
        if patient_id is None:
            raise NotFound
        bundle = everything(db, actor, patient_id, now=now)
        language, zone = language_of(db, actor.user_id), zone_of(db, actor.user_id)
        page = summary_html(bundle, language, now=now, zone=zone)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    return download_for(request, NOT_FOUND, read)


FHIR_ROUTES = (
    Route("/api/fhir/Patient/{patient_id}/$everything", patient_everything, methods=["GET"]),
    Route("/api/record/summary", printable_summary, methods=["GET"]),
)
