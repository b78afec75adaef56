"""The clinic's audit trail as a CSV download, for clinic admins only.

A same-origin form POST (not GET): the search terms may name a patient and must not end up
in addresses, history or server logs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.db import session_scope
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.audit_search import AuditFilter, export_csv


async def audit_csv(request: Request) -> Response:
    not_found = Response("Not found", status_code=404, media_type="text/plain")
    if not same_site_request(request):
        return not_found
    form = await request.form()
    wanted = AuditFilter.from_form({key: str(value) for key, value in form.items()})
    now = datetime.now(UTC)
    with session_scope() as db:
        me = signed_in_from(request, db, now=now)
        if me is None:
            return not_found
        actor = Actor(
            user_id=me.user_id,
            role=me.role,
            clinic_id=me.clinic_id,
            client_address=client_address(request),
        )
        try:
            body = export_csv(db, actor, wanted, now=now)
        except NotFound:
            return not_found
    filename = f"audit-{now.date().isoformat()}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


ADMIN_ROUTES = (Route("/api/admin/audit.csv", audit_csv, methods=["POST"]),)
