"""Passkeys: a real WebAuthn exchange (software authenticator) against the service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, Passkey, PasskeyChallenge, User
from portal_app.services.identity import passkeys
from tests.factories import make_patient
from tests.unit.soft_authenticator import SoftAuthenticator

ORIGIN = "https://portal.example.org"
RP = passkeys.RelyingParty.for_origin(ORIGIN)
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def alex(db) -> User:
    return make_patient(db, "alex.passkey@example.org", "Alex Test", password=None)


@pytest.fixture
def jordan(db) -> User:
    return make_patient(db, "jordan.passkey@example.org", "Jordan Test", password=None)


def _register(db, user: User, phone: SoftAuthenticator, now: datetime = T0) -> Passkey | None:
    options = passkeys.registration_options(db, user, rp=RP, now=now)
    return passkeys.finish_registration(
        db, user, phone.create(options), rp=RP, now=now, name="Chrome · Android"
    )


def test_a_registered_passkey_signs_its_owner_in(db, alex: User) -> None:
    phone = SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)
    passkey = _register(db, alex, phone)
    assert passkey is not None and passkey.user_id == alex.id
    options = passkeys.sign_in_options(db, rp=RP, now=T0)
    assert '"allowCredentials": []' in options  # no list of accounts: nothing to enumerate
    assert passkeys.finish_sign_in(db, phone.get(options), rp=RP, now=T0) == alex
    assert passkey.sign_count == 1 and passkey.last_used_at == T0
    assert db.exec(
        select(AuditEvent).where(
            AuditEvent.action == "passkey.added", AuditEvent.actor_id == alex.id
        )
    ).first()


def test_a_signed_answer_works_once(db, alex: User) -> None:
    phone = SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)
    _register(db, alex, phone)
    answer = phone.get(passkeys.sign_in_options(db, rp=RP, now=T0))
    assert passkeys.finish_sign_in(db, answer, rp=RP, now=T0) == alex
    assert passkeys.finish_sign_in(db, answer, rp=RP, now=T0) is None


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda phone, options: phone.get(options, origin="https://evil.example"),
            id="other-site",
        ),
        pytest.param(
            lambda phone, options: SoftAuthenticator(origin=ORIGIN, rp_id=RP.id).get(options),
            id="unknown-key",
        ),
        pytest.param(
            lambda phone, options: phone.get('{"challenge": "bm90LW91cnM"}'),
            id="our-challenge-not-asked",
        ),
    ],
)
def test_spoiled_answers_sign_no_one_in(db, alex: User, spoil) -> None:
    phone = SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)
    _register(db, alex, phone)
    options = passkeys.sign_in_options(db, rp=RP, now=T0)
    assert passkeys.finish_sign_in(db, spoil(phone, options), rp=RP, now=T0) is None


def test_expired_challenge_and_missing_user_verification_are_refused(db, alex: User) -> None:
    phone = SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)
    _register(db, alex, phone)
    late = T0 + passkeys.CHALLENGE_LIFETIME + timedelta(seconds=1)
    options = passkeys.sign_in_options(db, rp=RP, now=T0)
    assert passkeys.finish_sign_in(db, phone.get(options), rp=RP, now=late) is None
    phone.verify_user = False  # a tap without the screen lock is one factor only
    options = passkeys.sign_in_options(db, rp=RP, now=T0)
    assert passkeys.finish_sign_in(db, phone.get(options), rp=RP, now=T0) is None


def test_a_registration_challenge_is_only_good_for_its_own_person(
    db, alex: User, jordan: User
) -> None:
    phone = SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)
    options_for_alex = passkeys.registration_options(db, alex, rp=RP, now=T0)
    stolen = phone.create(options_for_alex)
    assert passkeys.finish_registration(db, jordan, stolen, rp=RP, now=T0, name="x") is None
    assert passkeys.passkeys_of(db, jordan.id) == []


def test_people_remove_only_their_own_passkeys(db, alex: User, jordan: User) -> None:
    passkey = _register(db, alex, SoftAuthenticator(origin=ORIGIN, rp_id=RP.id))
    assert passkey is not None
    assert not passkeys.remove_passkey(db, jordan, passkey.id, now=T0)
    assert passkeys.remove_passkey(db, alex, passkey.id, now=T0)
    assert passkeys.passkeys_of(db, alex.id) == []


def test_a_deactivated_account_cannot_use_its_passkey(db, alex: User) -> None:
    phone = SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)
    _register(db, alex, phone)
    alex.is_active = False
    db.add(alex)
    options = passkeys.sign_in_options(db, rp=RP, now=T0)
    assert passkeys.finish_sign_in(db, phone.get(options), rp=RP, now=T0) is None


def test_one_malformed_stored_passkey_does_not_stop_adding_another(db, alex: User) -> None:
    """Found: one stored id that is not base64url made every new passkey fail with a 500."""
    db.add(Passkey(user_id=alex.id, credential_id="abcde", public_key=b"x"))  # cannot decode
    db.flush()
    assert _register(db, alex, SoftAuthenticator(origin=ORIGIN, rp_id=RP.id)) is not None


def test_anonymous_sign_in_challenges_expire_and_are_capped_per_address(db) -> None:
    """Each 'Sign in with a passkey' stores a challenge: old ones go, and one address cannot
    keep more than a few open at once (found: every anonymous POST stored a row, forever)."""
    address = "203.0.113.44"
    for _ in range(passkeys.OPEN_CHALLENGES_PER_ADDRESS):
        passkeys.sign_in_options(db, rp=RP, now=T0, requested_from=address)
    with pytest.raises(passkeys.TooManyChallenges):
        passkeys.sign_in_options(db, rp=RP, now=T0, requested_from=address)
    passkeys.sign_in_options(db, rp=RP, now=T0, requested_from="198.51.100.2")  # others: fine
    later = T0 + passkeys.CHALLENGE_LIFETIME + timedelta(seconds=1)
    passkeys.sign_in_options(db, rp=RP, now=later, requested_from=address)  # expired: freed
    left = db.exec(select(PasskeyChallenge).where(PasskeyChallenge.expires_at <= later)).all()
    assert left == []  # expired challenges are removed, not kept forever
