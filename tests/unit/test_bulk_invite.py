"""Inviting many people from a CSV file: the dry run names every bad row and writes nothing;
one bad row imports nobody; a good file invites everyone, each with their own link."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from portal_app.models import Role, User
from portal_app.services.access import Actor
from portal_app.services.clinic.demo_seed import demo_id
from portal_app.services.identity.bulk_invite import check_file, invite_file
from portal_app.services.problems import BulkProblem, InviteProblem
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
ADMIN = Actor(demo_id("user", "admin@example.org"), Role.CLINIC_ADMIN, DEMO_CLINIC)
HEADER = "email,name,role,date_of_birth,care_team_email\n"
GOOD = (
    "lee.bulk@example.org,Lee Park,patient,1990-04-12,dr.rivera@example.org\n"
    "robin.bulk@example.org,Robin Diaz,clinician,,\n"
)


def people(db, *emails: str) -> list[str]:
    return list(db.exec(select(User.email).where(User.email.in_(emails))).all())  # type: ignore[attr-defined]


def test_a_good_file_invites_everyone_with_a_link_each(db) -> None:
    outbox: list = []
    report = invite_file(
        db,
        ADMIN,
        HEADER + GOOD,
        now=T0,
        public_origin="http://localhost:3000",
        deliver=outbox.append,
    )
    assert report.ready and len(report.rows) == 2
    assert sorted(people(db, "lee.bulk@example.org", "robin.bulk@example.org")) == [
        "lee.bulk@example.org",
        "robin.bulk@example.org",
    ]
    assert sorted(m["To"] for m in outbox) == ["lee.bulk@example.org", "robin.bulk@example.org"]


def test_every_bad_row_is_named_and_nothing_is_imported(db) -> None:
    bad = (
        HEADER
        + GOOD
        + "not-an-email,Someone,patient,1990-01-01,dr.rivera@example.org\n"
        + "kid.bulk@example.org,Kid,patient,2090-01-01,dr.rivera@example.org\n"
        + "lee.bulk@example.org,Lee Again,patient,1990-04-12,dr.rivera@example.org\n"
        + "pat.bulk@example.org,Pat,patient,1980-02-02,dr.mendez@harbor.example\n"
        + "boss.bulk@example.org,Boss,owner,,\n"
        + "alex@example.org,Alex Morgan,patient,1992-01-01,dr.rivera@example.org\n"
    )
    outbox: list = []
    report = invite_file(
        db, ADMIN, bad, now=T0, public_origin="http://localhost:3000", deliver=outbox.append
    )
    assert not report.ready and outbox == []
    assert [(r.line, r.problem) for r in report.bad_rows] == [
        (4, InviteProblem.EMAIL_INVALID),
        (5, InviteProblem.BIRTH_DATE),
        (6, BulkProblem.TWICE),
        (7, InviteProblem.CLINICIAN_MISSING),  # another clinic's clinician is nobody here
        (8, InviteProblem.ROLE_MISSING),
        (9, InviteProblem.EXISTS),
    ]
    assert people(db, "lee.bulk@example.org", "robin.bulk@example.org") == []


def test_a_file_that_is_not_a_list_of_people_is_refused_as_a_whole(db) -> None:
    today = date(2026, 12, 5)
    assert check_file(db, ADMIN, "a;b;c\n1;2;3\n", today=today).problem == BulkProblem.COLUMNS
    assert check_file(db, ADMIN, HEADER, today=today).problem == BulkProblem.EMPTY
    many = HEADER + "".join(f"p{i}@example.org,P {i},clinician,,\n" for i in range(501))
    assert check_file(db, ADMIN, many, today=today).problem == BulkProblem.TOO_MANY
    assert check_file(db, ADMIN, "\ufeff" + HEADER + GOOD, today=today).ready  # Excel's BOM


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_any_text_gets_an_answer_never_an_error(db, text: str) -> None:
    report = check_file(db, ADMIN, text, today=date(2026, 12, 5))
    assert report.problem or report.rows
