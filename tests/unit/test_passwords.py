from __future__ import annotations

import pytest

from portal_app.services.identity.passwords import hash_password, password_problems, verify_password


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "password.too_short"),
        ("password", "password.too_common"),
        ("iloveyou", "password.too_common"),
        ("x" * 257, "password.too_long"),
        ("alexmorgan-secret", "password.has_email"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, problem: str) -> None:
    assert problem in password_problems(password, email="alexmorgan@example.org")


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "my dog Rufus likes rain", "a" * 64 + "!", "pässwörd-lang"],
)
def test_long_and_pasted_passphrases_are_welcome(password: str) -> None:
    assert password_problems(password, email="alex@example.org") == []


def test_hash_is_argon2id_and_verifies() -> None:
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")


def test_no_hash_never_verifies() -> None:
    assert not verify_password(None, "anything at all")
