"""Staff sign-in through the clinic's own identity provider (OpenID Connect, code flow).

The clinic's provider (Entra, Google Workspace, Okta, ...) vouches for a staff member; the
portal then starts its own session as for any sign-in. Every step is checked, because the
browser carries the answer and anyone can forge one:

- the request carries PKCE (S256), a one-time `state` and a `nonce`, all fresh and random;
- the provider's discovery document must name exactly the configured issuer;
- the ID token must be signed by one of the provider's published keys with an asymmetric
  algorithm (never `none`, never a shared-secret algorithm a public key could fake), be for
  this client (`aud`, and `azp` when there are several audiences), from this issuer, carry the
  nonce of this very sign-in, and be inside its time window (clock skew bounded);
- the email must be verified by the provider, and the person must be in the group the clinic
  maps to clinician or to clinic admin. A person the provider no longer lets in, or whose
  group no longer maps, gets no new session.

This module only checks and talks to the provider; who the person is in the portal (their
account, the session, the audit) is decided by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.auth import encode_client_secret_basic
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from portal_app.models import Role
from portal_app.services.problems import SsoProblem

ALGORITHMS = ("RS256", "PS256", "ES256")  # asymmetric only
LEEWAY_S = 120  # the most two clocks may disagree
TIMEOUT_S = 8.0
SCOPE = "openid email profile groups"


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    client_id: str
    client_secret: str
    clinician_group: str
    admin_group: str
    group_claim: str = "groups"


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class AuthRequest:
    url: str  # where the browser goes
    state: str  # kept by the portal, used once
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Identity:
    subject: str
    email: str
    name: str
    role: Role


class SsoRefused(Exception):
    """The sign-in cannot go on; `problem` is the catalog key of what to tell the person."""

    def __init__(self, problem: SsoProblem, detail: str = "") -> None:
        super().__init__(detail or problem.value)
        self.problem = problem


def discover(http: httpx.Client, issuer: str) -> tuple[Discovery, KeySet]:
    """The provider's endpoints and signing keys; the document must be the issuer's own."""
    try:
        found = http.get(issuer.rstrip("/") + "/.well-known/openid-configuration")
        found.raise_for_status()
        document: dict[str, Any] = found.json()
        if document.get("issuer") != issuer:
            raise SsoRefused(SsoProblem.SETUP, "the discovery document names another issuer")
        discovery = Discovery(
            issuer=issuer,
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
        )
        keys = http.get(discovery.jwks_uri)
        keys.raise_for_status()
        return discovery, KeySet.import_key_set(keys.json())
    except (httpx.HTTPError, ValueError, KeyError, JoseError) as error:
        raise SsoRefused(SsoProblem.PROVIDER_DOWN, type(error).__name__) from error


def authorization_request(
    config: ProviderConfig, discovery: Discovery, redirect_uri: str
) -> AuthRequest:
    state, nonce, verifier = generate_token(40), generate_token(40), generate_token(64)
    url = prepare_grant_uri(
        discovery.authorization_endpoint,
        client_id=config.client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope=SCOPE,
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(verifier),
        code_challenge_method="S256",
    )
    return AuthRequest(str(url), state, nonce, verifier)


def exchange_code(
    config: ProviderConfig, discovery: Discovery, code: str, code_verifier: str, redirect_uri: str
) -> str:
    """The code for tokens at the provider's token endpoint (client_secret_basic); returns
    the ID token."""
    body = prepare_token_request(
        "authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=code_verifier
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    _, headers, body = encode_client_secret_basic(
        config, "POST", discovery.token_endpoint, headers, body
    )
    try:
        answer = httpx.post(
            discovery.token_endpoint, content=body, headers=headers, timeout=TIMEOUT_S
        )
        token = answer.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SsoRefused(SsoProblem.PROVIDER_DOWN, type(error).__name__) from error
    if answer.status_code != 200 or not isinstance(token, dict) or "error" in token:
        raise SsoRefused(SsoProblem.REFUSED, f"token endpoint said {answer.status_code}")
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise SsoRefused(SsoProblem.REFUSED, "no ID token")
    return id_token


def _role(claims: dict[str, Any], config: ProviderConfig) -> Role:
    groups = claims.get(config.group_claim, [])
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        groups = []
    if config.admin_group and config.admin_group in groups:
        return Role.CLINIC_ADMIN
    if config.clinician_group and config.clinician_group in groups:
        return Role.CLINICIAN
    raise SsoRefused(SsoProblem.NO_GROUP)


def check_id_token(
    id_token: str, keys: KeySet, config: ProviderConfig, nonce: str, *, now: int
) -> Identity:
    """Who the provider says this is, or SsoRefused; `now` in seconds since the epoch."""
    try:
        token = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
    except (JoseError, ValueError) as error:
        raise SsoRefused(SsoProblem.REFUSED, type(error).__name__) from error
    claims: dict[str, Any] = dict(token.claims)
    rules = jwt.JWTClaimsRegistry(
        now=now,
        leeway=LEEWAY_S,
        iss={"essential": True, "value": config.issuer},
        aud={"essential": True, "value": config.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        rules.validate(claims)
    except JoseError as error:
        raise SsoRefused(SsoProblem.REFUSED, type(error).__name__) from error
    if int(claims["iat"]) > now + LEEWAY_S:  # issued in the future: a clock or a forgery
        raise SsoRefused(SsoProblem.REFUSED, "iat in the future")
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != config.client_id:
        raise SsoRefused(SsoProblem.REFUSED, "azp")
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str) or "@" not in email:
        raise SsoRefused(SsoProblem.EMAIL_UNVERIFIED)
    name = claims.get("name")
    return Identity(
        subject=str(claims["sub"]),
        email=email.strip().lower(),
        name=name if isinstance(name, str) and name.strip() else email,
        role=_role(claims, config),
    )
