"""Message files, only for the patient and their care team: always a download (never shown
inline), with its checked type, no sniffing, no caching, and a sandbox if opened anyway."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.db import session_scope
from portal_app.services.access import Actor, NotFound
from portal_app.services.attachments import open_attachment
from portal_app.settings import get_settings

NOT_FOUND = "We could not find that file. Please go back to your messages."


def content_disposition(file_name: str) -> str:
    """An attachment header that survives any name: plain ASCII plus the UTF-8 original."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in file_name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def download(request: Request) -> Response:
    if not same_site_request(request):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    now = datetime.now(UTC)
    try:
        attachment_id = uuid.UUID(str(request.path_params["attachment_id"]))
        with session_scope() as db:
            me = signed_in_from(request, db, now=now)
            if me is None:
                return PlainTextResponse("Please sign in again.", status_code=401)
            actor = Actor(me.user_id, me.role, me.clinic_id, client_address(request)[:45])
            row, data = open_attachment(
                db, actor, attachment_id, data_dir=get_settings().data_dir, now=now
            )
    except (ValueError, NotFound):
        return PlainTextResponse(NOT_FOUND, status_code=404)
    return Response(
        data,
        media_type=row.content_type,
        headers={
            "Content-Disposition": content_disposition(row.file_name),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "no-store",
        },
    )


ATTACHMENT_ROUTES = (Route("/api/attachments/{attachment_id}", download, methods=["GET"]),)
