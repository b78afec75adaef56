"""A visit as a calendar file, for the patient (and their care team) only."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal_app.api.downloads import download_for
from portal_app.models import Clinic
from portal_app.services.access import Actor
from portal_app.services.visits.appointments import visit_for
from portal_app.services.visits.visit_calendar import visit_ics

NOT_FOUND = "We could not find that visit. Please go back to Visits."


def calendar_file(request: Request) -> Response:
    def read(db: Session, actor: Actor, now: datetime) -> Response:
        visit = visit_for(db, actor, uuid.UUID(str(request.path_params["visit_id"])), now=now)
        return Response(
            visit_ics(visit, db.get(Clinic, visit.clinic_id), now=now),
            media_type="text/calendar",
            headers={
                "Content-Disposition": 'attachment; filename="visit.ics"',
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            },
        )

    return download_for(request, NOT_FOUND, read)


VISIT_ROUTES = (Route("/api/appointments/{visit_id}/calendar.ics", calendar_file, methods=["GET"]),)
