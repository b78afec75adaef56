"""Message files, only for the patient and their care team: always a download (never shown
inline), with its checked type, no sniffing, no caching, and a sandbox if opened anyway."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import quote

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal_app.api.downloads import download_for
from portal_app.services.access import Actor
from portal_app.services.care_team.attachments import open_attachment

NOT_FOUND = "We could not find that file. Please go back to your messages."


def content_disposition(file_name: str) -> str:
    """An attachment header that survives any name: plain ASCII plus the UTF-8 original."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in file_name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def file_response(data: bytes, content_type: str, file_name: str) -> Response:
    """A stored file as a download: its checked type, no sniffing, no caching, sandboxed."""
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": content_disposition(file_name),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "no-store",
        },
    )


def download(request: Request) -> Response:
    def read(db: Session, actor: Actor, now: datetime) -> Response:
        attachment_id = uuid.UUID(str(request.path_params["attachment_id"]))
        row, data = open_attachment(db, actor, attachment_id, now=now)
        return file_response(data, row.content_type, row.file_name)

    return download_for(request, NOT_FOUND, read)


ATTACHMENT_ROUTES = (Route("/api/attachments/{attachment_id}", download, methods=["GET"]),)
