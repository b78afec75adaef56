"""A visit as a calendar file, for the patient (and their care team) only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.db import session_scope
from portal_app.models import Clinic
from portal_app.services.access import Actor, NotFound
from portal_app.services.appointments import visit_for
from portal_app.services.visit_calendar import visit_ics

NOT_FOUND = "We could not find that visit. Please go back to Visits."


def calendar_file(request: Request) -> Response:
    if not same_site_request(request):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    now = datetime.now(UTC)
    try:
        visit_id = uuid.UUID(str(request.path_params["visit_id"]))
        with session_scope() as db:
            me = signed_in_from(request, db, now=now)
            if me is None:
                return PlainTextResponse("Please sign in again.", status_code=401)
            actor = Actor(me.user_id, me.role, me.clinic_id, client_address(request)[:45])
            visit = visit_for(db, actor, visit_id, now=now)
            body = visit_ics(visit, db.get(Clinic, visit.clinic_id), now=now)
    except (ValueError, NotFound):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    return Response(
        body,
        media_type="text/calendar",
        headers={
            "Content-Disposition": 'attachment; filename="visit.ics"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


VISIT_ROUTES = (Route("/api/appointments/{visit_id}/calendar.ics", calendar_file, methods=["GET"]),)
