"""Changing one's own name, password and second step: checked, audited, and safe for others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, User
from portal_app.services.clinic.demo_seed import DEMO_PASSWORD, demo_id
from portal_app.services.identity import account, second_factor
from portal_app.services.identity.passwords import verify_password
from portal_app.services.identity.sessions import resolve_session, start_session
from tests.factories import DEMO_CLINIC, make_patient

T0 = datetime(2026, 11, 26, 9, 0, 10, tzinfo=UTC)
BOX = second_factor.secret_box("y" * 48)


@pytest.fixture
def kim(db) -> User:
    return make_patient(db, "kim.test@example.org", "Kim Test")


def actions_of(db, user: User) -> list[str]:
    return list(db.exec(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).all())


def test_a_new_password_needs_the_current_one_and_signs_other_devices_out(db, kim: User) -> None:
    here, there = start_session(db, kim.id, now=T0), start_session(db, kim.id, now=T0)
    here_id = resolve_session(db, here, clinic_id=DEMO_CLINIC, now=T0).session_id
    assert (
        account.change_password(db, kim, "wrong", "a brand new sentence", now=T0)
        == "password.current_wrong"
    )
    assert (
        account.change_password(db, kim, DEMO_PASSWORD, "password", now=T0) == "password.too_common"
    )
    assert verify_password(kim.password_hash, DEMO_PASSWORD)  # nothing changed yet
    assert (
        account.change_password(
            db, kim, DEMO_PASSWORD, "a brand new sentence", now=T0, keep_session=here_id
        )
        == ""
    )
    assert verify_password(kim.password_hash, "a brand new sentence")
    assert (
        resolve_session(db, here, clinic_id=DEMO_CLINIC, now=T0) is not None
        and resolve_session(db, there, clinic_id=DEMO_CLINIC, now=T0) is None
    )
    assert "password.changed" in actions_of(db, kim)


def test_wrong_current_passwords_are_throttled(db, kim: User) -> None:
    answers = [
        account.change_password(
            db, kim, f"guess {i}", "a brand new sentence", now=T0 + timedelta(seconds=i)
        )
        for i in range(12)
    ]
    assert "sign_in.wait" in answers


def test_someone_without_a_password_may_set_one(db, kim: User) -> None:
    kim.password_hash = None
    assert account.change_password(db, kim, "", "short", now=T0) == "password.too_short"
    assert account.change_password(db, kim, "", "my own long phrase", now=T0) == ""


def test_names_are_tidied_and_must_not_be_empty(db, kim: User) -> None:
    assert account.rename(db, kim, "   ", now=T0) == "profile.name_missing"
    assert account.rename(db, kim, "  Kim   Lee ", now=T0) == "" and kim.display_name == "Kim Lee"


def test_a_patient_turns_the_second_step_on_and_off_with_a_code(db, kim: User) -> None:
    secret = second_factor.new_secret()
    assert account.turn_on_second_step(db, kim, secret, "000000", now=T0, box=BOX) is None
    codes = account.turn_on_second_step(db, kim, secret, pyotp.TOTP(secret).at(T0), now=T0, box=BOX)
    assert codes and second_factor.needs_second_factor(kim)
    later = T0 + timedelta(minutes=2)
    assert (
        account.turn_off_second_step(db, kim, "123456", now=later, box=BOX) == "second.code_wrong"
    )
    assert account.turn_off_second_step(db, kim, codes[0], now=later, box=BOX) == ""
    assert (
        not second_factor.needs_second_factor(kim)
        and second_factor.unused_recovery_codes(db, kim) == 0
    )
    assert {"second_step.on", "second_step.off"} <= set(actions_of(db, kim))


def test_staff_cannot_turn_the_second_step_off(db) -> None:
    rivera = db.get(User, demo_id("user", "dr.rivera@example.org"))
    assert (
        account.turn_off_second_step(db, rivera, "000000", now=T0, box=BOX)
        == "second.staff_required"
    )


def test_language_is_kept_on_the_account(db, kim: User) -> None:
    assert account.set_language(db, kim.id, "es") and kim.language.value == "es"
    assert not account.set_language(db, kim.id, "xx") and kim.language.value == "es"
