"""Photos and PDFs sent with messages.

The type is read from the file's first bytes, never from its name or the browser's word, and
only JPEG, PNG, WebP, HEIC and PDF are kept. The bytes are kept in the database (file_store),
and only the patient and their care team can fetch them (through the access gate, audited).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from portal_app.models import Message, MessageAttachment, MessageThread, Role
from portal_app.services.access import Action, Actor, Category, NotFound, load_patient_for
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common import file_store
from portal_app.services.problems import MessageProblem

MAX_BYTES = 10 * 1024 * 1024
MAX_PENDING = 5
EXTENSION = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}


def sniff(head: bytes) -> str | None:
    """The real type of a file from its first bytes, if it is one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heim", b"heis"):
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def clean_file_name(name: str, content_type: str) -> str:
    """A name safe to show and to offer for download, ending in the type's real extension."""
    base = Path(name.replace("\\", "/")).name
    base = "".join(
        c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C"
    )
    stem = re.sub(r"\s+", " ", Path(base).stem).strip(" .")[:80] or "file"
    return stem + EXTENSION[content_type]


def file_key(attachment_id: uuid.UUID) -> str:
    return f"attachment/{attachment_id.hex}"


def store(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    file_name: str,
    data: bytes,
    *,
    now: datetime,
) -> MessageAttachment | str:
    """Keep an upload until its message is sent; a catalog key when it cannot be kept."""
    load_patient_for(
        db,
        actor,
        patient_id,
        Category.MESSAGES,
        now=now,
        action=Action.CHANGE,
        need=Permission.MESSAGES_SEND,
    )
    if len(data) > MAX_BYTES:
        return MessageProblem.FILE_TOO_BIG
    content_type = sniff(data[:16])
    if content_type is None:
        return MessageProblem.FILE_TYPE
    if len(pending_of(db, actor, patient_id)) >= MAX_PENDING:
        return MessageProblem.FILE_TOO_MANY
    row = MessageAttachment(
        uploaded_by=actor.user_id,
        patient_id=patient_id,
        file_name=clean_file_name(file_name, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    file_store.put(db, file_key(row.id), data, now=now)
    db.add(row)
    db.flush()
    return row


def pending_of(db: Session, actor: Actor, patient_id: uuid.UUID) -> list[MessageAttachment]:
    """Files this person added for this patient that no sent message carries yet."""
    return list(
        db.exec(
            select(MessageAttachment)
            .where(
                MessageAttachment.uploaded_by == actor.user_id,
                MessageAttachment.patient_id == patient_id,
                col(MessageAttachment.message_id).is_(None),
            )
            .order_by(col(MessageAttachment.created_at))
        ).all()
    )


def bind_pending(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    attachment_ids: list[uuid.UUID],
    message_id: uuid.UUID,
) -> None:
    """Attach the sender's own waiting files to the message they just sent."""
    wanted = set(attachment_ids)
    for row in pending_of(db, actor, patient_id):
        if row.id in wanted:
            row.message_id = message_id
            db.add(row)
    db.flush()


def remove_pending(db: Session, actor: Actor, attachment_id: uuid.UUID) -> None:
    row = db.get(MessageAttachment, attachment_id)
    if row is None or row.uploaded_by != actor.user_id or row.message_id is not None:
        raise NotFound
    file_store.remove(db, file_key(row.id))
    db.delete(row)
    db.flush()


def open_attachment(
    db: Session, actor: Actor, attachment_id: uuid.UUID, *, now: datetime
) -> tuple[MessageAttachment, bytes]:
    """The file, for the patient and their care team only (a pending file: its sender only)."""
    row = db.get(MessageAttachment, attachment_id)
    if row is None or actor.role is Role.CLINIC_ADMIN:
        raise NotFound
    if row.message_id is None and row.uploaded_by != actor.user_id:
        raise NotFound
    if row.message_id is not None:
        thread = db.exec(
            select(MessageThread.patient_id)
            .join(Message, col(Message.thread_id) == MessageThread.id)
            .where(Message.id == row.message_id)
        ).first()
        if thread != row.patient_id:
            raise NotFound
    load_patient_for(db, actor, row.patient_id, Category.MESSAGES, now=now)
    data = file_store.read(db, file_key(row.id))
    if data is None:
        raise NotFound
    return row, data
