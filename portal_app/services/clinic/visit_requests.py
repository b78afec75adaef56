"""A "Request a visit" from the clinic's website, and the clinic admins' list of them.

The form asks only who to call back and how (no reason, no symptoms: it is not a clinical
channel and says it is not for emergencies). It is public, so it is guarded: a hidden field
people never see (a robot that fills it is thanked and nothing is kept), at most a few
requests per client address an hour and a ceiling per clinic a day. Each new request tells
the clinic's admins at once, in fixed words with no name in them, so it never waits for
someone to look. Reading and handling the list is audited.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlmodel import Session, col, func, select

from portal_app.content.catalog import LANGUAGES, text
from portal_app.models import Clinic, Language, Role, User, VisitRequest
from portal_app.services.access import Actor, NotFound, require_clinic_admin
from portal_app.services.clinic.tenancy import clinic_origin
from portal_app.services.common import audit
from portal_app.services.common.mail import build_message
from portal_app.services.identity.invitations import EMAIL_SHAPE
from portal_app.services.problems import VisitRequestProblem as Problem

CONTACT_BY = ("call", "text", "email")
BEST_TIME = ("any", "morning", "afternoon", "evening")
FOR_WHOM = ("me", "child", "other")
STATUSES = ("new", "called", "closed")
PHONE_SHAPE = re.compile(r"^[0-9+() .\-]{7,32}$")
PER_ADDRESS = 3  # an hour
PER_CLINIC = 200  # a day
SHOWN = 100


@dataclass(frozen=True)
class RequestForm:
    name: str = ""
    phone: str = ""
    email: str = ""
    contact_by: str = ""
    best_time: str = "any"
    for_whom: str = ""
    language: str = "en"
    trap: str = ""  # the hidden field: only a robot fills it

    @classmethod
    def from_fields(cls, fields: dict[str, str], language: str) -> RequestForm:
        def field(name: str, most: int) -> str:
            return str(fields.get(name, "")).strip()[:most]

        return cls(
            name=field("name", 80),
            phone=field("phone", 32),
            email=field("email", 254),
            contact_by=field("contact_by", 8),
            best_time=field("best_time", 10) or "any",
            for_whom=field("for_whom", 8),
            language=language if language in LANGUAGES else "en",
            trap=field("website", 200),
        )


def problems_in(form: RequestForm) -> dict[str, str]:
    """Field name -> catalog key of what to fix; empty when the form can be sent."""
    found: dict[str, str] = {}
    if not form.name:
        found["name"] = Problem.NAME
    if form.phone and not PHONE_SHAPE.match(form.phone):
        found["phone"] = Problem.PHONE
    if form.email and not EMAIL_SHAPE.match(form.email):
        found["email"] = Problem.EMAIL
    if form.contact_by not in CONTACT_BY:
        found["contact_by"] = Problem.CHOICE
    elif form.contact_by == "email" and not form.email and "email" not in found:
        found["email"] = Problem.REACH
    elif form.contact_by != "email" and not form.phone and "phone" not in found:
        found["phone"] = Problem.REACH
    if form.for_whom not in FOR_WHOM:
        found["for_whom"] = Problem.CHOICE
    if form.best_time not in BEST_TIME:
        found["best_time"] = Problem.CHOICE
    return found


def client_key(clinic_id: uuid.UUID, client_address: str) -> str:
    """Hashed: the table counts requests per address without keeping the address."""
    return hashlib.sha256(f"{clinic_id}/{client_address}".encode()).hexdigest()


def _too_many(db: Session, clinic_id: uuid.UUID, key: str, now: datetime) -> bool:
    def count(*where: object) -> int:
        query = select(func.count()).select_from(VisitRequest).where(*where)  # type: ignore[arg-type]
        return int(db.exec(query).one())

    recent = col(VisitRequest.created_at) > now - timedelta(hours=1)
    today = col(VisitRequest.created_at) > now - timedelta(days=1)
    return (
        count(VisitRequest.client_key == key, recent) >= PER_ADDRESS
        or count(VisitRequest.clinic_id == clinic_id, today) >= PER_CLINIC
    )


@dataclass(frozen=True)
class Outcome:
    saved: bool  # kept (False also for a robot, who is thanked all the same)
    problems: dict[str, str]
    notices: tuple[EmailMessage, ...] = ()  # to send once the request is committed


def submit(
    db: Session,
    clinic_id: uuid.UUID,
    form: RequestForm,
    *,
    client_address: str,
    public_origin: str,
    now: datetime,
) -> Outcome:
    if form.trap:
        return Outcome(False, {})
    problems = problems_in(form)
    if problems:
        return Outcome(False, problems)
    key = client_key(clinic_id, client_address)
    if _too_many(db, clinic_id, key, now):
        return Outcome(False, {"form": Problem.BUSY})
    request = VisitRequest(
        clinic_id=clinic_id,
        name=form.name,
        phone=form.phone,
        email=form.email,
        contact_by=form.contact_by,
        best_time=form.best_time,
        for_whom=form.for_whom,
        language=form.language,
        client_key=key,
        created_at=now,
    )
    db.add(request)
    audit.record(db, "visit_request.received", now=now, clinic_id=clinic_id)
    return Outcome(True, {}, tuple(_notices(db, clinic_id, public_origin)))


def _admins(db: Session, clinic_id: uuid.UUID) -> list[User]:
    return list(
        db.exec(
            select(User).where(
                User.clinic_id == clinic_id,
                User.role == Role.CLINIC_ADMIN,
                col(User.is_active).is_(True),
            )
        ).all()
    )


def _notices(db: Session, clinic_id: uuid.UUID, public_origin: str) -> list[EmailMessage]:
    """Fixed, neutral words (an inbox is seen by others): no name, no number, no reason. The
    link is the clinic's registered hostname, never the Host the request came with."""
    clinic = db.get(Clinic, clinic_id)
    if clinic is None:
        return []
    link = clinic_origin(public_origin, clinic.hostname) + "/admin/requests"
    messages = []
    for admin in _admins(db, clinic_id):
        language = Language(admin.language).value
        subject = text("visit_request.notice_subject", language)
        body = text("visit_request.notice_body", language).format(link=link)
        messages.append(build_message(admin.email, subject, body))
    return messages


@dataclass(frozen=True)
class RequestRow:
    id: uuid.UUID
    name: str
    phone: str
    email: str
    contact_by: str
    best_time: str
    for_whom: str
    language: str
    status: str
    received: datetime


def requests_for(db: Session, actor: Actor, *, now: datetime) -> list[RequestRow]:
    """The clinic's requests not closed yet, newest first; looking is audited."""
    require_clinic_admin(actor)
    rows = db.exec(
        select(VisitRequest)
        .where(VisitRequest.clinic_id == actor.clinic_id, VisitRequest.status != "closed")
        .order_by(col(VisitRequest.created_at).desc())
        .limit(SHOWN)
    ).all()
    audit.record(
        db, "visit_request.list_viewed", now=now, actor_id=actor.user_id, clinic_id=actor.clinic_id
    )
    return [
        RequestRow(
            r.id,
            r.name,
            r.phone,
            r.email,
            r.contact_by,
            r.best_time,
            r.for_whom,
            r.language,
            r.status,
            r.created_at,
        )
        for r in rows
    ]


def count_new(db: Session, actor: Actor) -> int:
    require_clinic_admin(actor)
    query = select(func.count()).select_from(VisitRequest)
    return int(
        db.exec(
            query.where(VisitRequest.clinic_id == actor.clinic_id, VisitRequest.status == "new")
        ).one()
    )


def set_status(
    db: Session, actor: Actor, request_id: uuid.UUID, status: str, *, now: datetime
) -> None:
    """ "called" (someone reached them) or "closed" (done: off the list). Another clinic's
    request is not found, and that is audited too."""
    require_clinic_admin(actor)
    request = db.get(VisitRequest, request_id)
    if request is None or request.clinic_id != actor.clinic_id or status not in STATUSES:
        error = NotFound()
        error.audit_after_rollback = lambda kept: audit.record(
            kept,
            "visit_request.refused",
            now=now,
            actor_id=actor.user_id,
            clinic_id=actor.clinic_id,
            client_address=actor.client_address,
        )
        raise error
    request.status, request.handled_by, request.handled_at = status, actor.user_id, now
    db.add(request)
    audit.record(
        db,
        f"visit_request.{status}",
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
    )
