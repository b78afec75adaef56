"""POST /api/journal/sync: the device's outbox of check-ins and answers, stored exactly once.

The patient comes from the session cookie, never from the body. The answer lists the ids now
safely stored (the device deletes only those) and the ones refused, each with a reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.api.json_body import BadBody, read_json_object
from portal_app.db import session_scope
from portal_app.services.access import Actor, NotFound
from portal_app.services.measures.journal import MAX_ENTRIES, sync
from portal_app.services.operations.metrics import SYNCED

MAX_BODY = 512 * 1024


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def journal_sync(request: Request) -> Response:
    if not same_site_request(request):
        return _problem(403, "Please use the portal's own pages.")
    try:
        entries = (await read_json_object(request, MAX_BODY))["entries"]
    except BadBody as bad:
        if bad.status == 413:
            return _problem(413, "Too much at once. Send at most 512 KB per request.")
        return _problem(400, 'Send JSON like {"entries": [...]}.')
    except KeyError:
        return _problem(400, 'Send JSON like {"entries": [...]}.')
    if not isinstance(entries, list):
        return _problem(400, '"entries" must be a list.')
    if len(entries) > MAX_ENTRIES:
        return _problem(413, f"Send at most {MAX_ENTRIES} entries per request.")
    now = datetime.now(UTC)
    with session_scope() as db:
        me = signed_in_from(request, db, now=now)
        if me is None:
            return _problem(401, "Please sign in again. Your entries are kept on this device.")
        actor = Actor(me.user_id, me.role, me.clinic_id, client_address(request))
        try:
            result = sync(db, actor, entries, now=now)
        except NotFound:
            return _problem(404, "Not found.")
    SYNCED.labels("accepted").inc(len(result.accepted))
    SYNCED.labels("rejected").inc(len(result.rejected))
    return JSONResponse(
        {"accepted": result.accepted, "rejected": result.rejected, "alerts": result.alerts}
    )


JOURNAL_ROUTES = (Route("/api/journal/sync", journal_sync, methods=["POST"]),)
