"""Reading picked for one person: articles their care team suggested, and articles on the topics
of their care.

The care team sets the topics ("sleep", "trauma") and suggests articles; both go through the
gate as EDUCATION. Topics are also read from the patient's own latest scores and medicines, but
only for the patient: a caregiver sees the suggestions (their grant's "reading"), never topics
worked out from check-ins they may not be allowed to see.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import zip_longest

from sqlmodel import Session, col, select

from portal_app.content.library import TOPICS, slugs
from portal_app.content.library import articles as library_articles
from portal_app.models import (
    CareTopic,
    Medicine,
    QuestionnaireResponse,
    ReadingSuggestion,
    Role,
    User,
)
from portal_app.services.access import (
    Action,
    Actor,
    Category,
    NotFound,
    load_patient_for,
    own_patient_id,
    patient_in_view,
    require_clinician,
)
from portal_app.services.problems import ReadingProblem

# PHQ-9 / GAD-7 of 10 or more is "moderate": reading on that topic is worth offering.
SCORE_TOPICS = {"phq9": "depression", "gad7": "anxiety"}
MODERATE = 10
SHOWN = 50
PICKED = 4  # a short list to start from; the rest are under their topics


@dataclass(frozen=True)
class Suggestion:
    id: uuid.UUID
    slug: str
    suggested_by: str
    suggested_at: datetime
    opened_at: datetime | None


def _team_only(actor: Actor) -> None:
    require_clinician(actor)


def care_topics(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[str]:
    """The topics the care team set, in library order (the patient and the team see them)."""
    if actor.role is Role.CAREGIVER:
        raise NotFound
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now)
    return _set_topics(db, patient_id)


def _set_topics(db: Session, patient_id: uuid.UUID) -> list[str]:
    rows = db.exec(
        select(CareTopic.topic).where(
            CareTopic.patient_id == patient_id, col(CareTopic.removed_at).is_(None)
        )
    ).all()
    return [topic for topic in TOPICS if topic in set(rows)]


def set_topic(
    db: Session, actor: Actor, patient_id: uuid.UUID, topic: str, on: bool, *, now: datetime
) -> None:
    """Add or remove one topic of the patient's care (care team only)."""
    _team_only(actor)
    if topic not in TOPICS:
        raise NotFound
    load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now, action=Action.CHANGE)
    current = db.exec(
        select(CareTopic).where(
            CareTopic.patient_id == patient_id,
            CareTopic.topic == topic,
            col(CareTopic.removed_at).is_(None),
        )
    ).all()
    if on and not current:
        db.add(
            CareTopic(patient_id=patient_id, topic=topic, added_by=actor.user_id, created_at=now)
        )
    for row in current if not on else ():
        row.removed_at, row.removed_by = now, actor.user_id
        db.add(row)
    db.flush()


def _score_topics(db: Session, patient_id: uuid.UUID) -> set[str]:
    found: set[str] = set()
    for instrument, topic in SCORE_TOPICS.items():
        latest = db.exec(
            select(QuestionnaireResponse.total)
            .where(
                QuestionnaireResponse.patient_id == patient_id,
                QuestionnaireResponse.instrument == instrument,
                col(QuestionnaireResponse.complete).is_(True),
            )
            .order_by(col(QuestionnaireResponse.submitted_at).desc())
            .limit(1)
        ).first()
        if latest is not None and latest >= MODERATE:
            found.add(topic)
    return found


def _takes_medicines(db: Session, patient_id: uuid.UUID) -> bool:
    return (
        db.exec(
            select(Medicine.id).where(Medicine.patient_id == patient_id, col(Medicine.active))
        ).first()
        is not None
    )


def picked_for(db: Session, actor: Actor, *, now: datetime) -> list[str]:
    """A few articles on the topics of the acting person's care, not counting suggested ones.

    A patient: the topics the team set, plus depression or anxiety from a moderate latest score,
    plus medicines if they take any. A caregiver: reading for caregivers."""
    if actor.role is Role.CAREGIVER:
        topics = {"caregiving"}
        suggested: set[str] = set()
    else:
        patient_id = own_patient_id(db, actor)
        if patient_id is None:
            return []
        load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now)
        topics = set(_set_topics(db, patient_id)) | _score_topics(db, patient_id)
        if _takes_medicines(db, patient_id):
            topics.add("medicines")
        suggested = {s.slug for s in _active(db, patient_id)}
    # Taken in turns, topic by topic, so every part of the person's care is in the short list.
    by_topic = [
        [a.slug for a in library_articles("en") if a.topics[0] == t and a.slug not in suggested]
        for t in TOPICS
        if t in topics
    ]
    picked = [slug for turn in zip_longest(*by_topic) for slug in turn if slug]
    return picked[:PICKED]


def _active(db: Session, patient_id: uuid.UUID) -> list[ReadingSuggestion]:
    return list(
        db.exec(
            select(ReadingSuggestion)
            .where(
                ReadingSuggestion.patient_id == patient_id,
                col(ReadingSuggestion.removed_at).is_(None),
            )
            .order_by(col(ReadingSuggestion.created_at).desc())
            .limit(SHOWN)
        ).all()
    )


def suggest(db: Session, actor: Actor, patient_id: uuid.UUID, slug: str, *, now: datetime) -> str:
    """Suggest an article (care team only); "" when done, else a catalog key."""
    _team_only(actor)
    if slug not in slugs():
        return ReadingProblem.PICK
    load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now, action=Action.CHANGE)
    if any(s.slug == slug for s in _active(db, patient_id)):
        return ReadingProblem.ALREADY
    db.add(
        ReadingSuggestion(
            patient_id=patient_id, slug=slug, suggested_by=actor.user_id, created_at=now
        )
    )
    db.flush()
    return ""


def take_back(db: Session, actor: Actor, suggestion_id: uuid.UUID, *, now: datetime) -> None:
    _team_only(actor)
    row = db.get(ReadingSuggestion, suggestion_id)
    if row is None or row.removed_at is not None:
        raise NotFound
    load_patient_for(db, actor, row.patient_id, Category.EDUCATION, now=now, action=Action.CHANGE)
    row.removed_at, row.removed_by = now, actor.user_id
    db.add(row)
    db.flush()


def suggestions_of(
    db: Session, actor: Actor, patient_id: uuid.UUID | None, *, now: datetime
) -> list[Suggestion]:
    """What the care team suggested, newest first: for the patient, a caregiver allowed to see
    their reading, or the care team."""
    patient_id = patient_in_view(db, actor, patient_id)
    load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now)
    names = {}
    rows = _active(db, patient_id)
    for user in db.exec(select(User).where(col(User.id).in_({r.suggested_by for r in rows}))):
        names[user.id] = user.display_name
    return [
        Suggestion(r.id, r.slug, names.get(r.suggested_by, ""), r.created_at, r.opened_at)
        for r in rows
        if r.slug in slugs()
    ]


def mark_opened(db: Session, actor: Actor, slug: str, *, now: datetime) -> bool:
    """The patient opened an article: a suggestion of it counts as read (the team sees that).
    Only the patient's own opening counts; True when something changed."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        return False
    unread = [s for s in _active(db, patient_id) if s.slug == slug and s.opened_at is None]
    if not unread:
        return False
    load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now, action=Action.CHANGE)
    for row in unread:
        row.opened_at = now
        db.add(row)
    db.flush()
    return True


def new_for_me(db: Session, actor: Actor, *, now: datetime) -> int:
    """How many suggestions the patient has not opened yet (for Home)."""
    patient_id = own_patient_id(db, actor)
    if patient_id is None:
        return 0
    load_patient_for(db, actor, patient_id, Category.EDUCATION, now=now)
    return sum(1 for s in _active(db, patient_id) if s.opened_at is None and s.slug in slugs())
