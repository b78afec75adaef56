"""Files the care team shared into the patient's record: for the patient and their care team
only, always as a download with the same protective headers as message files."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal_app.api.attachments import file_response
from portal_app.api.downloads import download_for
from portal_app.services.access import Actor
from portal_app.services.records.shared_documents import open_file

NOT_FOUND = "We could not find that file. Please go back to your record."


def shared_file(request: Request) -> Response:
    def read(db: Session, actor: Actor, now: datetime) -> Response:
        document_id = uuid.UUID(str(request.path_params["document_id"]))
        row, data = open_file(db, actor, document_id, now=now)
        return file_response(data, row.content_type or "", row.file_name or "file")

    return download_for(request, NOT_FOUND, read)


RECORD_ROUTES = (Route("/api/records/{document_id}/file", shared_file, methods=["GET"]),)
