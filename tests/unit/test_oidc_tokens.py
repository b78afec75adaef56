"""The ID token checks of staff sign-in through the clinic's provider, with tokens signed here
by a key of our own: each rule refuses a token that breaks it and only that rule."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from portal_app.models import Role
from portal_app.services.identity.oidc import (
    LEEWAY_S,
    Discovery,
    ProviderConfig,
    SsoRefused,
    authorization_request,
    check_id_token,
)
from portal_app.services.problems import SsoProblem

ISSUER = "https://login.riverside.example"
CONFIG = ProviderConfig(
    issuer=ISSUER,
    client_id="steady-portal",
    client_secret="not-used-here",
    clinician_group="steady-clinicians",
    admin_group="steady-admins",
)
NOW = 1_800_000_000
NONCE = "n-0S6_WzA2Mj"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
KEYS = KeySet([KEY])


def claims(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": "steady-portal",
        "sub": "00u1",
        "iat": NOW - 10,
        "exp": NOW + 300,
        "nonce": NONCE,
        "email": "Dr.Okafor@Riverside.example",
        "email_verified": True,
        "name": "Dr. Okafor",
        "groups": ["everyone", "steady-clinicians"],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def signed(body: dict[str, Any], key: Any = KEY, alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": "k1"}, body, key)


def refused(token: str, nonce: str = NONCE, now: int = NOW) -> SsoProblem:
    with pytest.raises(SsoRefused) as caught:
        check_id_token(token, KEYS, CONFIG, nonce, now=now)
    return caught.value.problem


def test_a_good_token_names_the_person_and_their_role():
    person = check_id_token(signed(claims()), KEYS, CONFIG, NONCE, now=NOW)
    assert (person.subject, person.email, person.name, person.role) == (
        "00u1",
        "dr.okafor@riverside.example",
        "Dr. Okafor",
        Role.CLINICIAN,
    )
    admin = claims(groups=["steady-admins", "steady-clinicians"])
    assert check_id_token(signed(admin), KEYS, CONFIG, NONCE, now=NOW).role is Role.CLINIC_ADMIN


def test_another_issuer_audience_or_nonce_is_refused():
    assert refused(signed(claims(iss="https://evil.example"))) is SsoProblem.REFUSED
    assert refused(signed(claims(aud="another-app"))) is SsoProblem.REFUSED
    assert refused(signed(claims()), nonce="the-nonce-of-another-sign-in") is SsoProblem.REFUSED
    assert refused(signed(claims(nonce=None))) is SsoProblem.REFUSED
    # Several audiences: this client must be the one it was issued to.
    both = claims(aud=["steady-portal", "other"], azp="other")
    assert refused(signed(both)) is SsoProblem.REFUSED
    mine = claims(aud=["steady-portal", "other"], azp="steady-portal")
    assert check_id_token(signed(mine), KEYS, CONFIG, NONCE, now=NOW).subject == "00u1"


def test_the_time_window_allows_two_minutes_of_clock_skew_and_no_more():
    late = NOW + 300 + LEEWAY_S
    assert check_id_token(signed(claims()), KEYS, CONFIG, NONCE, now=late - 1).subject == "00u1"
    assert refused(signed(claims()), now=late + 1) is SsoProblem.REFUSED  # expired
    early = claims(nbf=NOW + LEEWAY_S + 60)
    assert refused(signed(early)) is SsoProblem.REFUSED  # not yet valid
    future = claims(iat=NOW + LEEWAY_S + 60, exp=NOW + 900)
    assert refused(signed(future)) is SsoProblem.REFUSED  # issued in the future
    assert refused(signed(claims(exp=None))) is SsoProblem.REFUSED


def test_a_token_not_signed_by_the_providers_key_is_refused():
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    assert refused(signed(claims(), key=stranger)) is SsoProblem.REFUSED
    # A shared-secret algorithm, or none at all, is never accepted.
    secret = OctKey.import_key("a-secret-anyone-could-guess-000000")
    assert refused(signed(claims(), key=secret, alg="HS256")) is SsoProblem.REFUSED
    header, body, _ = signed(claims()).split(".")
    assert refused(f"{header}.{body}.") is SsoProblem.REFUSED
    assert refused("not a token") is SsoProblem.REFUSED


def test_an_unverified_email_or_a_missing_group_gets_no_session():
    assert refused(signed(claims(email_verified=False))) is SsoProblem.EMAIL_UNVERIFIED
    assert refused(signed(claims(email_verified="true"))) is SsoProblem.EMAIL_UNVERIFIED
    assert refused(signed(claims(email=None))) is SsoProblem.EMAIL_UNVERIFIED
    assert refused(signed(claims(groups=["everyone"]))) is SsoProblem.NO_GROUP
    assert refused(signed(claims(groups=None))) is SsoProblem.NO_GROUP


def test_each_request_carries_pkce_a_fresh_state_and_a_nonce():
    discovery = Discovery(ISSUER, f"{ISSUER}/authorize", f"{ISSUER}/token", f"{ISSUER}/jwks")
    first = authorization_request(CONFIG, discovery, "https://portal.example/api/sso/callback")
    second = authorization_request(CONFIG, discovery, "https://portal.example/api/sso/callback")
    asked = {k: v[0] for k, v in parse_qs(urlsplit(first.url).query).items()}
    assert first.url.startswith(f"{ISSUER}/authorize?")
    assert asked["response_type"] == "code" and asked["client_id"] == "steady-portal"
    assert asked["state"] == first.state and asked["nonce"] == first.nonce
    assert asked["code_challenge_method"] == "S256"
    assert asked["code_challenge"] == create_s256_code_challenge(first.code_verifier)
    assert "openid" in asked["scope"].split()
    assert len({first.state, second.state, first.nonce, second.nonce}) == 4
    assert len(first.state) >= 32 and len(first.code_verifier) >= 43
