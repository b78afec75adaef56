"""The signed-in patient's own safety plan as JSON, for the copy kept (encrypted) on their
device so it opens without a connection. Never cached by the browser or the service worker."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from portal_app.api.downloads import download_for
from portal_app.models import Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.plans.safety_plan import plan_of


def own_plan(request: Request) -> Response:
    def read(db: Session, actor: Actor, now: datetime) -> Response:
        if actor.role is not Role.PATIENT:
            raise NotFound
        plan = plan_of(db, actor, None, now=now)
        body = {
            "version": plan.version,
            "steps": plan.steps,
            "saved_at": plan.written_at.isoformat() if plan.written_at else "",
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    return download_for(request, "Not found", read)


SAFETY_PLAN_ROUTES = (Route("/api/safety-plan", own_plan, methods=["GET"]),)
