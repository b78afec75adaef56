"""`GET /api/fhir/Patient/{id}/$everything`: the patient's record as a FHIR Bundle, for the
patient (use `me` for your own) and their care team. Every download is audited."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.db import session_scope
from portal_app.services.access import Actor, NotFound, own_patient_id
from portal_app.services.fhir_export import everything, language_of
from portal_app.services.record_summary import summary_html

NOT_FOUND = "We could not find that record."


def patient_everything(request: Request) -> Response:
    if not same_site_request(request):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    now = datetime.now(UTC)
    try:
        with session_scope() as db:
            me = signed_in_from(request, db, now=now)
            if me is None:
                return PlainTextResponse("Please sign in again.", status_code=401)
            actor = Actor(me.user_id, me.role, me.clinic_id, client_address(request)[:45])
            asked = str(request.path_params["patient_id"])
            patient_id = own_patient_id(db, actor) if asked == "me" else uuid.UUID(asked)
            if patient_id is None:
                raise NotFound
            bundle = everything(db, actor, patient_id, now=now)
    except (ValueError, NotFound):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    return Response(
        json.dumps(bundle, ensure_ascii=False, indent=1),
        media_type="application/fhir+json",
        headers={
            "Content-Disposition": 'attachment; filename="my-health-record.json"',
            "Cache-Control": "no-store",
        },
    )


def printable_summary(request: Request) -> Response:
    """The same record as a page to read and print, in the person's language."""
    if not same_site_request(request):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    now = datetime.now(UTC)
    try:
        with session_scope() as db:
            me = signed_in_from(request, db, now=now)
            if me is None:
                return PlainTextResponse("Please sign in again.", status_code=401)
            actor = Actor(me.user_id, me.role, me.clinic_id, client_address(request)[:45])
            patient_id = own_patient_id(db, actor)
            if patient_id is None:
                raise NotFound
            bundle = everything(db, actor, patient_id, now=now)
            language = language_of(db, me.user_id)
    except (ValueError, NotFound):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    return HTMLResponse(
        summary_html(bundle, language, now=now), headers={"Cache-Control": "no-store"}
    )


FHIR_ROUTES = (
    Route("/api/fhir/Patient/{patient_id}/$everything", patient_everything, methods=["GET"]),
    Route("/api/record/summary", printable_summary, methods=["GET"]),
)
