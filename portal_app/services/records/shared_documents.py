"""Visit summaries and documents the care team shares into the patient's record.

Each item says who shared it and when. A clinician can take back something shared by mistake:
the patient no longer sees it, but the row stays (with when it was taken back) for the audit.
Files are checked by their bytes like message files and kept in the database (file_store);
only the patient and their care team can fetch them, through the access gate.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from portal_app.models import DocumentDraft, Patient, Role, SharedDocument, User
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    caregiver_sees_confidential,
    load_patient_for,
    patient_in_view,
    require_clinician,
)
from portal_app.services.care_team.attachments import MAX_BYTES, clean_file_name, sniff
from portal_app.services.common import file_store
from portal_app.services.problems import RecordProblem
from portal_app.services.records.part2_consent import may_disclose

TITLE_MAX, BODY_MAX = 120, 8000
KINDS = ("visit_summary", "document")


@dataclass(frozen=True)
class SharedItem:
    id: uuid.UUID
    kind: str
    title: str
    body: str
    shared_by: str
    shared_at: datetime
    visit_on: datetime | None
    file_name: str | None
    size: int | None
    part2: bool = False
    confidential: bool = False


def _team_only(actor: Actor) -> None:
    require_clinician(actor)


def file_key(document_id: uuid.UUID, *, draft: bool = False) -> str:
    return f"record-draft/{document_id.hex}" if draft else f"record/{document_id.hex}"


def _clean_title(title: str) -> str | None:
    title = " ".join(title.split())
    return title if 0 < len(title) <= TITLE_MAX else None


def share_summary(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    title: str,
    body: str,
    *,
    visit_on: datetime | None,
    now: datetime,
    part2: bool = False,
    confidential: bool = False,
) -> str:
    """A visit summary in plain words; "" when shared, else a catalog key."""
    _team_only(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    clean = _clean_title(title)
    body = body.strip()
    if clean is None:
        return RecordProblem.TITLE
    if not body:
        return RecordProblem.SUMMARY_MISSING
    if len(body) > BODY_MAX:
        return RecordProblem.TOO_LONG
    db.add(
        SharedDocument(
            patient_id=patient_id,
            shared_by=actor.user_id,
            kind="visit_summary",
            title=clean,
            body=body,
            visit_on=visit_on,
            shared_at=now,
            part2=part2,
            confidential=confidential,
        )
    )
    db.flush()
    return ""


@dataclass(frozen=True)
class StagedFile:
    id: uuid.UUID
    file_name: str
    size: int


def _checked_file(file_name: str, data: bytes) -> tuple[str, str] | str:
    """(clean name, content type), or the catalog key of why the file cannot be kept."""
    if len(data) > MAX_BYTES:
        return RecordProblem.FILE_TOO_BIG
    content_type = sniff(data[:16])
    if content_type is None:
        return RecordProblem.FILE_TYPE
    return clean_file_name(file_name, content_type), content_type


def stage_file(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    file_name: str,
    data: bytes,
    *,
    now: datetime,
) -> StagedFile | str:
    """Step one of sharing a paper: keep the chosen file as this clinician's draft. Nothing
    is visible to the patient until `confirm_file`. A catalog key when it cannot be kept."""
    _team_only(actor)
    load_patient_for(db, actor, patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    checked = _checked_file(file_name, data)
    if isinstance(checked, str):
        return checked
    clean_name, content_type = checked
    for old in db.exec(  # one draft at a time per clinician and patient
        select(DocumentDraft).where(
            DocumentDraft.staged_by == actor.user_id, DocumentDraft.patient_id == patient_id
        )
    ):
        _forget_draft(db, old)
    draft = DocumentDraft(
        patient_id=patient_id,
        staged_by=actor.user_id,
        file_name=clean_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=now,
    )
    file_store.put(db, file_key(draft.id, draft=True), data, now=now)
    db.add(draft)
    db.flush()
    return StagedFile(draft.id, clean_name, len(data))


def _own_draft(db: Session, actor: Actor, draft_id: uuid.UUID) -> DocumentDraft:
    draft = db.get(DocumentDraft, draft_id)
    if draft is None or draft.staged_by != actor.user_id:
        raise NotFound
    return draft


def _forget_draft(db: Session, draft: DocumentDraft) -> None:
    file_store.remove(db, file_key(draft.id, draft=True))
    db.delete(draft)
    db.flush()


def discard_file(db: Session, actor: Actor, draft_id: uuid.UUID) -> None:
    _team_only(actor)
    _forget_draft(db, _own_draft(db, actor, draft_id))


def confirm_file(
    db: Session,
    actor: Actor,
    draft_id: uuid.UUID,
    title: str,
    *,
    now: datetime,
    part2: bool = False,
    confidential: bool = False,
) -> str:
    """Step two: share the draft, titled and marked; "" when shared, else a catalog key."""
    _team_only(actor)
    draft = _own_draft(db, actor, draft_id)
    load_patient_for(db, actor, draft.patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    row = SharedDocument(
        patient_id=draft.patient_id,
        shared_by=actor.user_id,
        kind="document",
        title=_clean_title(title) or Path(draft.file_name).stem[:TITLE_MAX],
        file_name=draft.file_name,
        content_type=draft.content_type,
        size=draft.size,
        sha256=draft.sha256,
        shared_at=now,
        part2=part2,
        confidential=confidential,
    )
    file_store.move(db, file_key(draft.id, draft=True), file_key(row.id))
    db.add(row)
    db.delete(draft)
    db.flush()
    return ""


def share_file(
    db: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    title: str,
    file_name: str,
    data: bytes,
    *,
    now: datetime,
    part2: bool = False,
    confidential: bool = False,
) -> str:
    """Both steps at once (for scripts and tests); "" when shared, else a catalog key."""
    staged = stage_file(db, actor, patient_id, file_name, data, now=now)
    if isinstance(staged, str):
        return staged
    return confirm_file(
        db,
        actor,
        staged.id,
        title,
        now=now,
        part2=part2,
        confidential=confidential,
    )


def shared_with(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[SharedItem]:
    """What the care team shared and has not taken back, newest first."""
    patient_id = patient_in_view(db, actor, patient_id)
    patient = load_patient_for(db, actor, patient_id, Category.RECORDS, now=now)
    rows = db.exec(
        select(SharedDocument, User.display_name)
        .join(User, col(User.id) == SharedDocument.shared_by)
        .where(
            SharedDocument.patient_id == patient_id,
            col(SharedDocument.kind).in_(KINDS),
            col(SharedDocument.withdrawn_at).is_(None),
        )
        .order_by(col(SharedDocument.shared_at).desc())
        .limit(200)
    ).all()
    return [
        SharedItem(
            d.id,
            d.kind,
            d.title,
            d.body,
            name,
            d.shared_at,
            d.visit_on,
            d.file_name,
            d.size,
            d.part2,
            d.confidential,
        )
        for d, name in rows
        if _shown_to(db, actor, patient, d, now.date())
    ]


def _shown_to(
    db: Session, actor: Actor, patient: Patient, doc: SharedDocument, today: date
) -> bool:
    """The patient and the care team see everything shared; a caregiver sees a Part 2 item
    only with the patient's consent, and a teen's confidential item only as the rules say."""
    if actor.role is not Role.CAREGIVER:
        return True
    if doc.part2 and not may_disclose(
        db, patient.id, "caregiver", today=today, caregiver_id=actor.user_id
    ):
        return False
    return not doc.confidential or caregiver_sees_confidential(db, actor.user_id, patient, today)


def _live(db: Session, document_id: uuid.UUID) -> SharedDocument:
    row = db.get(SharedDocument, document_id)
    if row is None or row.withdrawn_at is not None or row.kind not in KINDS:
        raise NotFound
    return row


def withdraw(db: Session, actor: Actor, document_id: uuid.UUID, *, now: datetime) -> None:
    """Take back something shared by mistake (care team only)."""
    _team_only(actor)
    row = _live(db, document_id)
    load_patient_for(db, actor, row.patient_id, Category.RECORDS, now=now, action=Action.CHANGE)
    row.withdrawn_at = now
    db.add(row)
    db.flush()


def open_file(
    db: Session, actor: Actor, document_id: uuid.UUID, *, now: datetime
) -> tuple[SharedDocument, bytes]:
    """A shared file, for the patient and their care team only."""
    row = _live(db, document_id)
    if row.file_name is None or actor.role is Role.CLINIC_ADMIN:
        raise NotFound
    patient = load_patient_for(db, actor, row.patient_id, Category.RECORDS, now=now)
    if not _shown_to(db, actor, patient, row, now.date()):
        raise NotFound
    data = file_store.read(db, file_key(row.id))
    if data is None:
        raise NotFound
    return row, data
