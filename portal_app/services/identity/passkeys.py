"""Passkeys (WebAuthn): sign in with the phone's screen lock, nothing to remember or type.

Passkeys are discoverable and always ask the phone to check it is the owner (user
verification), so a passkey is two factors in one and staff need no authenticator code with
it. Sign-in offers no list of accounts, so it never reveals who has one here. Challenges are
single-use and live in the database, so every worker can check them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, delete, func, select, update
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal_app.models import Passkey, PasskeyChallenge, User
from portal_app.services.common import audit

CHALLENGE_LIFETIME = timedelta(minutes=5)
OPEN_CHALLENGES_PER_ADDRESS = 20  # about one sign-in every 15 s, for 5 minutes
MAX_PASSKEYS = 10
REGISTER, SIGN_IN = "register", "sign_in"


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkey is for: the portal's own web address."""

    id: str
    name: str
    origin: str

    @classmethod
    def for_origin(cls, origin: str, name: str = "Steady") -> RelyingParty:
        return cls(id=urlsplit(origin).hostname or "localhost", name=name, origin=origin)


def _hash(challenge: bytes) -> str:
    return hashlib.sha256(challenge).hexdigest()


class TooManyChallenges(Exception):
    """One address asked for more sign-ins than a person could be doing at once."""


def _store_challenge(
    db: Session,
    challenge: bytes,
    purpose: str,
    user_id: uuid.UUID | None,
    now: datetime,
    requested_from: str = "",
) -> None:
    """Keep a new challenge; expired ones go first, and one address keeps only a few open
    (anyone may ask for a sign-in challenge, so nothing here may grow without bound)."""
    db.exec(delete(PasskeyChallenge).where(col(PasskeyChallenge.expires_at) <= now))
    asker = hashlib.sha256(f"challenge:{requested_from}".encode()).hexdigest()
    open_from_there = db.exec(
        select(func.count()).where(
            col(PasskeyChallenge.requested_from) == asker, col(PasskeyChallenge.used_at).is_(None)
        )
    ).one()
    if open_from_there >= OPEN_CHALLENGES_PER_ADDRESS:
        raise TooManyChallenges
    db.add(
        PasskeyChallenge(
            challenge_hash=_hash(challenge),
            purpose=purpose,
            user_id=user_id,
            requested_from=asker,
            expires_at=now + CHALLENGE_LIFETIME,
        )
    )
    db.flush()


def _claim_challenge(
    db: Session, client_data: bytes, purpose: str, user_id: uuid.UUID | None, now: datetime
) -> bytes | None:
    """The challenge the browser signed, if we issued it for this purpose and it is unused."""
    try:
        challenge = parse_client_data_json(client_data).challenge
    except Exception:
        return None
    statement = update(PasskeyChallenge).where(
        col(PasskeyChallenge.challenge_hash) == _hash(challenge),
        col(PasskeyChallenge.purpose) == purpose,
        col(PasskeyChallenge.used_at).is_(None),
        col(PasskeyChallenge.expires_at) > now,
    )
    if user_id is not None:
        statement = statement.where(col(PasskeyChallenge.user_id) == user_id)
    claimed = db.exec(statement.values(used_at=now))
    return challenge if claimed.rowcount == 1 else None


def passkeys_of(db: Session, user_id: uuid.UUID) -> list[Passkey]:
    return list(
        db.exec(
            select(Passkey).where(Passkey.user_id == user_id).order_by(col(Passkey.created_at))
        ).all()
    )


def _known_credentials(db: Session, user_id: uuid.UUID) -> list[PublicKeyCredentialDescriptor]:
    """The person's passkeys, so a phone is not registered twice; a stored id that does not
    decode is left out (it could never sign in anyway) instead of failing every new one."""
    known = []
    for passkey in passkeys_of(db, user_id):
        try:
            known.append(
                PublicKeyCredentialDescriptor(id=base64url_to_bytes(passkey.credential_id))
            )
        except (ValueError, TypeError):
            continue
    return known


def registration_options(db: Session, user: User, *, rp: RelyingParty, now: datetime) -> str:
    """Options (JSON) for the browser to create a passkey for this person."""
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_id=user.id.bytes,
        user_name=user.email,
        user_display_name=user.display_name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=_known_credentials(db, user.id),
    )
    _store_challenge(db, options.challenge, REGISTER, user.id, now, str(user.id))
    return options_to_json(options)


def finish_registration(
    db: Session,
    user: User,
    credential: dict[str, Any],
    *,
    rp: RelyingParty,
    now: datetime,
    name: str,
    client_address: str = "",
) -> Passkey | None:
    """Keep the new passkey if the browser's answer checks out; None if it does not."""
    if len(passkeys_of(db, user.id)) >= MAX_PASSKEYS:
        return None
    try:
        parsed = parse_registration_credential_json(credential)
    except Exception:
        return None
    challenge = _claim_challenge(db, parsed.response.client_data_json, REGISTER, user.id, now)
    if challenge is None:
        return None
    try:
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except Exception:
        return None
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.exec(select(Passkey).where(Passkey.credential_id == credential_id)).first():
        return None
    passkey = Passkey(
        user_id=user.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name[:120],
        created_at=now,
    )
    db.add(passkey)
    audit.record(
        db,
        "passkey.added",
        now=now,
        actor_id=user.id,
        clinic_id=user.clinic_id,
        client_address=client_address,
    )
    db.flush()
    return passkey


def sign_in_options(
    db: Session, *, rp: RelyingParty, now: datetime, requested_from: str = ""
) -> str:
    """Options (JSON) to ask the browser for any passkey it holds for this portal.
    Raises TooManyChallenges when `requested_from` (an address) has too many open."""
    options = generate_authentication_options(
        rp_id=rp.id, user_verification=UserVerificationRequirement.REQUIRED
    )
    _store_challenge(db, options.challenge, SIGN_IN, None, now, requested_from)
    return options_to_json(options)


def finish_sign_in(
    db: Session, credential: dict[str, Any], *, rp: RelyingParty, now: datetime
) -> User | None:
    """The passkey's active owner if the signed answer checks out; None otherwise."""
    try:
        parsed = parse_authentication_credential_json(credential)
    except Exception:
        return None
    challenge = _claim_challenge(db, parsed.response.client_data_json, SIGN_IN, None, now)
    if challenge is None:
        return None
    passkey = db.exec(select(Passkey).where(Passkey.credential_id == parsed.id)).first()
    user = db.get(User, passkey.user_id) if passkey else None
    if passkey is None or user is None or not user.is_active:
        return None
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except Exception:
        return None
    passkey.sign_count, passkey.last_used_at = verified.new_sign_count, now
    db.add(passkey)
    db.flush()
    return user


def remove_passkey(
    db: Session, user: User, passkey_id: uuid.UUID, *, now: datetime, client_address: str = ""
) -> bool:
    """Remove one of the person's own passkeys (never anyone else's)."""
    passkey = db.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        return False
    db.delete(passkey)
    audit.record(
        db,
        "passkey.removed",
        now=now,
        actor_id=user.id,
        clinic_id=user.clinic_id,
        client_address=client_address,
    )
    db.flush()
    return True
