"""Authenticator codes and recovery codes: required for staff, each usable once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from portal_app.models import User
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.identity import second_factor
from portal_app.services.identity.sign_in import (
    check_password,
    check_second_factor,
    send_sign_in_link,
)
from tests.factories import DEMO_CLINIC

T0 = datetime(2026, 11, 26, 9, 0, 10, tzinfo=UTC)
BOX = second_factor.secret_box("x" * 48)


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


NEW_EMAIL = "dr.new@example.org"


@pytest.fixture
def rivera(db) -> User:
    """A clinician of our own (the browser tests enrol the demo clinicians for real)."""
    from portal_app.models import Role
    from portal_app.services.identity.passwords import hash_password

    user = User(
        email=NEW_EMAIL,
        display_name="Dr. New",
        role=Role.CLINICIAN,
        clinic_id=demo_id("clinic", "steady-demo"),
        password_hash=hash_password(DEMO_PASSWORD),
    )
    db.add(user)
    db.flush()
    return user


def test_staff_must_set_up_a_second_factor_patients_need_not(db, rivera: User) -> None:
    staff = check_password(
        db, NEW_EMAIL, DEMO_PASSWORD, clinic_id=DEMO_CLINIC, client_address="a", now=T0
    )
    patient = check_password(
        db, "alex@example.org", DEMO_PASSWORD, clinic_id=DEMO_CLINIC, client_address="a", now=T0
    )
    assert staff.ok and staff.second_factor == "enrol"
    assert patient.ok and patient.second_factor == ""


def test_enrolment_needs_a_right_code_and_stores_the_secret_encrypted(db, rivera: User) -> None:
    secret = second_factor.new_secret()
    assert second_factor.enable(db, rivera, secret, "000000", now=T0, box=BOX) is None
    codes = second_factor.enable(db, rivera, secret, code_at(secret, T0), now=T0, box=BOX)
    assert codes is not None and len(codes) == 10 and len(set(codes)) == 10
    assert secret not in (rivera.totp_secret_encrypted or "")
    assert BOX.decrypt(rivera.totp_secret_encrypted.encode()).decode() == secret
    after = check_password(
        db, NEW_EMAIL, DEMO_PASSWORD, clinic_id=DEMO_CLINIC, client_address="a", now=T0
    )
    assert after.second_factor == "code"


def test_a_code_works_once_and_only_near_its_time(db, rivera: User) -> None:
    secret = second_factor.new_secret()
    second_factor.enable(db, rivera, secret, code_at(secret, T0), now=T0, box=BOX)
    later = T0 + timedelta(seconds=60)
    assert second_factor.check(db, rivera, code_at(secret, later), now=later, box=BOX)
    assert not second_factor.check(db, rivera, code_at(secret, later), now=later, box=BOX)  # replay
    far = T0 + timedelta(minutes=10)
    assert not second_factor.check(db, rivera, code_at(secret, T0), now=far, box=BOX)  # too old


def test_recovery_codes_work_once_each_in_any_case_or_spacing(db, rivera: User) -> None:
    secret = second_factor.new_secret()
    codes = second_factor.enable(db, rivera, secret, code_at(secret, T0), now=T0, box=BOX)
    first = codes[0]
    assert second_factor.check(db, rivera, f"  {first.upper()} ", now=T0, box=BOX)
    assert not second_factor.check(db, rivera, first, now=T0, box=BOX)
    assert second_factor.unused_recovery_codes(db, rivera) == 9


def test_code_guessing_is_throttled_like_passwords(db, rivera: User) -> None:
    secret = second_factor.new_secret()
    second_factor.enable(db, rivera, secret, code_at(secret, T0), now=T0, box=BOX)
    results = [
        check_second_factor(
            db,
            rivera.id,
            "123456",
            enrol_secret="",
            client_address="b",
            now=T0 + timedelta(seconds=i),
            box=BOX,
        )
        for i in range(7)
    ]
    assert [r.wait_seconds > 0 for r in results[5:]] == [True, True]


def test_staff_never_get_an_email_link(db) -> None:
    outbox: list[object] = []
    send_sign_in_link(
        db,
        "dr.chen@example.org",
        clinic_id=DEMO_CLINIC,
        now=T0,
        public_origin="http://x",
        deliver=outbox.append,
    )
    assert outbox == []
