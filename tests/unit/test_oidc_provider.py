"""Staff sign-in against a real OpenID Certified provider (oidc-provider) on loopback: the
code flow with PKCE, state and nonce, end to end, and each way it must refuse."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from portal_app.models import Role
from portal_app.services.identity.oidc import (
    ProviderConfig,
    SsoRefused,
    authorization_request,
    check_id_token,
    discover,
    exchange_code,
)
from portal_app.services.problems import SsoProblem
from tests.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    free_port,
    query_of,
    running_provider,
    sign_in_at_provider,
)

CALLBACK = "http://localhost:3000/api/sso/callback"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_provider([CALLBACK]) as running:
        yield running


def config(issuer: str) -> ProviderConfig:
    return ProviderConfig(issuer, CLIENT_ID, CLIENT_SECRET, "steady-clinicians", "steady-admins")


def code_for(issuer: str, login: str):  # type: ignore[no-untyped-def]
    """Up to the provider's answer: its endpoints and keys, our request, and what came back."""
    with httpx.Client(timeout=10) as http:
        discovery, keys = discover(http, issuer)
        request = authorization_request(config(issuer), discovery, CALLBACK)
        back = query_of(sign_in_at_provider(http, request.url, login, until=CALLBACK))
    return discovery, keys, request, back


def sign_in(issuer: str, login: str, *, nonce: str | None = None, verifier: str | None = None):
    """The whole flow as the portal will run it; returns the person or raises SsoRefused."""
    discovery, keys, request, back = code_for(issuer, login)
    assert back["state"] == request.state
    id_token = exchange_code(
        config(issuer), discovery, back["code"], verifier or request.code_verifier, CALLBACK
    )
    return check_id_token(
        id_token, keys, config(issuer), nonce or request.nonce, now=int(time.time())
    )


def test_a_clinician_and_an_admin_sign_in_through_the_provider(issuer: str):
    clinician = sign_in(issuer, "dr.okta@example.org")
    assert (clinician.email, clinician.role, clinician.name) == (
        "dr.okta@example.org",
        Role.CLINICIAN,
        "Dr. Okta",
    )
    assert sign_in(issuer, "boss.okta@example.org").role is Role.CLINIC_ADMIN


def test_no_group_and_unverified_email_are_refused(issuer: str):
    with pytest.raises(SsoRefused) as no_group:
        sign_in(issuer, "nogroup.okta@example.org")
    assert no_group.value.problem is SsoProblem.NO_GROUP
    with pytest.raises(SsoRefused) as unverified:
        sign_in(issuer, "unverified.okta@example.org")
    assert unverified.value.problem is SsoProblem.EMAIL_UNVERIFIED


def test_a_nonce_of_another_sign_in_or_a_wrong_code_verifier_is_refused(issuer: str):
    with pytest.raises(SsoRefused) as nonce:
        sign_in(issuer, "dr.okta@example.org", nonce="the-nonce-of-another-sign-in")
    assert nonce.value.problem is SsoProblem.REFUSED
    with pytest.raises(SsoRefused) as verifier:
        sign_in(issuer, "dr.okta@example.org", verifier="x" * 64)
    assert verifier.value.problem is SsoProblem.REFUSED


def test_a_code_is_good_once(issuer: str):
    discovery, _keys, request, back = code_for(issuer, "dr.okta@example.org")
    exchange_code(config(issuer), discovery, back["code"], request.code_verifier, CALLBACK)
    with pytest.raises(SsoRefused) as replayed:
        exchange_code(config(issuer), discovery, back["code"], request.code_verifier, CALLBACK)
    assert replayed.value.problem is SsoProblem.REFUSED


def test_another_issuer_or_a_provider_that_is_down(issuer: str):
    port = issuer.rsplit(":", 1)[1]
    with httpx.Client(timeout=5) as http:
        with pytest.raises(SsoRefused) as wrong:
            discover(http, f"http://localhost:{port}")  # answers, but names another issuer
        assert wrong.value.problem is SsoProblem.SETUP
        with pytest.raises(SsoRefused) as down:
            discover(http, f"http://127.0.0.1:{free_port()}")
        assert down.value.problem is SsoProblem.PROVIDER_DOWN


def test_a_real_token_outside_its_time_window_is_refused(issuer: str):
    """The provider's own token, checked as if our clock were hours off either way."""
    discovery, keys, request, back = code_for(issuer, "dr.okta@example.org")
    id_token = exchange_code(
        config(issuer), discovery, back["code"], request.code_verifier, CALLBACK
    )
    now = int(time.time())
    assert check_id_token(id_token, keys, config(issuer), request.nonce, now=now).email
    for skewed in (now + 3 * 3600, now - 3 * 3600):  # expired / not yet issued
        with pytest.raises(SsoRefused) as outside:
            check_id_token(id_token, keys, config(issuer), request.nonce, now=skewed)
        assert outside.value.problem is SsoProblem.REFUSED
