"""What every download route does first: only from the portal's own pages, only for someone
signed in, and "not yours" looks exactly like "not there"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.db import session_scope
from portal_app.services.access import Actor, NotFound

Read = Callable[[Session, Actor, datetime], Response]


def download_for(request: Request, not_found: str, read: Read) -> Response:
    """Run `read` as the signed-in person; a bad id or a refusal answers 404 with `not_found`."""
    if not same_site_request(request):
        return PlainTextResponse(not_found, status_code=404)
    now = datetime.now(UTC)
    try:
        with session_scope() as db:
            me = signed_in_from(request, db, now=now)
            if me is None:
                return PlainTextResponse("Please sign in again.", status_code=401)
            actor = Actor(
                me.user_id,
                me.role,
                me.clinic_id,
                client_address(request)[:45],
                me.helping_patient_id,
            )
            return read(db, actor, now)
    except (ValueError, NotFound):
        return PlainTextResponse(not_found, status_code=404)
