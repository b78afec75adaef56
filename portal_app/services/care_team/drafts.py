"""Unsent message drafts, kept on the server per person and place ("new" or a thread id).

A timeout, a reload or a dead battery loses nothing the person typed: the page saves as they
type and offers the words again next time. Sending clears the draft.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, col, delete

from portal_app.models import MessageDraft

PLACE_MAX = 64


def draft_of(db: Session, user_id: uuid.UUID, place: str) -> tuple[str, str]:
    """(subject, body) the person left at this place, or empty ones."""
    row = db.get(MessageDraft, (user_id, place[:PLACE_MAX]))
    return (row.subject, row.body) if row else ("", "")


def keep_draft(
    db: Session, user_id: uuid.UUID, place: str, subject: str, body: str, *, now: datetime
) -> None:
    """Remember what was typed (cut to the longest a message may be); nothing typed, no draft."""
    place = place[:PLACE_MAX]
    row = db.get(MessageDraft, (user_id, place))
    if not subject.strip() and not body.strip():
        if row is not None:
            db.delete(row)
            db.flush()
        return
    row = row or MessageDraft(user_id=user_id, place=place)
    row.subject, row.body, row.updated_at = subject[:120], body[:5000], now
    db.add(row)
    db.flush()


def clear_draft(db: Session, user_id: uuid.UUID, place: str) -> None:
    db.exec(
        delete(MessageDraft).where(
            col(MessageDraft.user_id) == user_id, col(MessageDraft.place) == place[:PLACE_MAX]
        )
    )
