"""Inviting many people at once from a CSV file (a clinic moving in): first a dry run that
names every row that cannot be invited and why, then, only when every row is good, all of
them invited together. One bad row imports nothing, so nobody is half-invited and the admin
fixes the file and sends it again.

Columns (a header row first; order free): email, name, role (patient, clinician or admin),
and for patients date_of_birth (YYYY-MM-DD) and care_team_email (their main clinician's).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from sqlmodel import Session, select

from portal_app.models import Role, User
from portal_app.services.access import Actor
from portal_app.services.common import audit
from portal_app.services.identity.invitations import NewPerson, invitation_problem, invite
from portal_app.services.identity.sign_in import normalize_email
from portal_app.services.problems import BulkProblem, InviteProblem

MAX_ROWS = 500
MAX_BYTES = 200_000
ROLES = {"patient": Role.PATIENT, "clinician": Role.CLINICIAN, "admin": Role.CLINIC_ADMIN}
REQUIRED = ("email", "name", "role")


@dataclass(frozen=True)
class RowCheck:
    line: int  # as a spreadsheet numbers it (the header is line 1)
    email: str
    problem: str  # "" when the row is good, else a catalog key


@dataclass(frozen=True)
class FileCheck:
    problem: str  # about the file as a whole ("" when it could be read)
    rows: tuple[RowCheck, ...] = ()

    @property
    def bad_rows(self) -> tuple[RowCheck, ...]:
        return tuple(r for r in self.rows if r.problem)

    @property
    def ready(self) -> bool:
        return not self.problem and bool(self.rows) and not self.bad_rows


def _cleaned(row: dict[str, str]) -> dict[str, str]:
    """Column names in lower case; every value a trimmed string (extra cells are dropped)."""
    return {k.strip().lower(): str(v or "").strip() for k, v in row.items() if isinstance(k, str)}


def _read(text: str) -> tuple[str, list[dict[str, str]]]:
    if len(text.encode()) > MAX_BYTES:
        return BulkProblem.TOO_BIG, []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if not all(column in header for column in REQUIRED):
            return BulkProblem.COLUMNS, []
        rows = [_cleaned(row) for row in reader]
    except csv.Error:  # found by the property test: a stray carriage return
        return BulkProblem.NOT_TEXT, []
    if not rows:
        return BulkProblem.EMPTY, []
    if len(rows) > MAX_ROWS:
        return BulkProblem.TOO_MANY, []
    return "", rows


def _person(db: Session, actor: Actor, row: dict[str, str]) -> NewPerson | str:
    role = ROLES.get(row.get("role", "").lower())
    if role is None:
        return InviteProblem.ROLE_MISSING
    born: date | None = None
    clinician: uuid.UUID | None = None
    if role is Role.PATIENT:
        try:
            born = date.fromisoformat(row.get("date_of_birth", ""))
        except ValueError:
            return InviteProblem.BIRTH_DATE
        clinician = db.exec(
            select(User.id).where(
                User.email == normalize_email(row.get("care_team_email", "")),
                User.clinic_id == actor.clinic_id,
                User.role == Role.CLINICIAN,
            )
        ).first()
    return NewPerson(row.get("email", ""), row.get("name", ""), role, born, clinician)


def check_file(db: Session, actor: Actor, text: str, *, today: date) -> FileCheck:
    """The dry run: what inviting everyone in the file would meet, row by row. Writes nothing."""
    problem, rows = _read(text)
    if problem:
        return FileCheck(problem)
    checked, seen = [], set()
    for line, row in enumerate(rows, start=2):
        email = normalize_email(row.get("email", ""))
        person = _person(db, actor, row)
        if isinstance(person, str):
            found = person
        elif email in seen:
            found = BulkProblem.TWICE
        else:
            found = invitation_problem(db, actor, person, today)
        seen.add(email)
        checked.append(RowCheck(line, email[:254], found))
    return FileCheck("", tuple(checked))


def invite_file(
    db: Session,
    actor: Actor,
    text: str,
    *,
    now: datetime,
    public_origin: str,
    deliver: Callable[[EmailMessage], None],
) -> FileCheck:
    """Invite everyone in the file, or (if any row is bad) nobody: the check says which."""
    report = check_file(db, actor, text, today=now.date())
    if not report.ready:
        return report
    _, rows = _read(text)
    for row in rows:
        person = _person(db, actor, row)
        assert not isinstance(person, str)  # checked just above, in this transaction
        invite(db, actor, person, now=now, public_origin=public_origin, deliver=deliver)
    audit.record(
        db,
        "invitation.file_imported",
        now=now,
        actor_id=actor.user_id,
        clinic_id=actor.clinic_id,
        category="invitations",  # each invitation is audited on its own too
        client_address=actor.client_address,
    )
    return report
