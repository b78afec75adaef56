"""A conversation's messages as the browser gets them: display-ready, nothing more."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.care_team.messaging import ShownThread
from portal_app.services.common.local_time import local_text
from portal_app.services.common.safe_text import pieces


@dataclass
class MessageRow:
    id: str
    mine: bool
    author: str
    sent: str
    read: bool
    pieces: list[dict[str, str]] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)
    for_patient: str = ""  # sent by a caregiver for this patient


def size_text(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 2**20:.1f} MB"


def message_rows(shown: ShownThread, me: Actor, zone: Any) -> list[MessageRow]:
    team = me.role is Role.CLINICIAN
    return [
        MessageRow(
            id=str(m.id),
            mine=m.from_patient != team,
            author=m.author,
            sent=local_text(m.sent_at, zone),
            read=m.read_by_team,
            pieces=pieces(m.body),
            files=[
                {"id": str(f.id), "name": f.file_name, "size": size_text(f.size)}
                for f in m.attachments
            ],
            for_patient=m.for_patient,
        )
        for m in shown.messages
    ]
