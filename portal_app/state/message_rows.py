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
class ThreadRow:
    """One conversation in a list: a patient's own threads, or the care team's inbox."""

    id: str = ""
    subject: str = ""
    last: str = ""  # when the last message came, in the reader's time zone
    patient: str = ""  # the care team's inbox only
    waiting: bool = False  # waiting for the care team's answer
    waiting_since: str = ""  # ... since when (the care team's inbox)
    unread: int = 0  # new messages for the patient
    handler: str = ""  # the colleague handling it (the care team's inbox)
    done: bool = False


@dataclass
class OpenThread:
    """The conversation on screen, without its messages (see MessageRow)."""

    id: str = ""
    patient_id: str = ""
    patient: str = ""
    subject: str = ""
    handler: str = ""
    handler_id: str = ""
    someone_else: bool = False  # a colleague is handling it
    done: bool = False
    waiting: bool = False


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
