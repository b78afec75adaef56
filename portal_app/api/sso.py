"""Staff sign-in through the clinic's identity provider: /api/sso/start sends the browser to
the provider, /api/sso/callback takes it back and starts the portal's own session
(services/identity/sso.py and oidc.py do the checks). Anything wrong ends on the sign-in page
with a kind message; the password path stays there unless the clinic is SSO-only.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, datetime

import httpx
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address, signed_in_response
from portal_app.api.site import clinic_of
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.clinic.tenancy import origin_of_clinic
from portal_app.services.common import audit
from portal_app.services.identity import sso
from portal_app.services.identity.oidc import (
    TIMEOUT_S,
    SsoRefused,
    check_id_token,
    discover,
    exchange_code,
)
from portal_app.services.identity.sessions import cookie_from_header
from portal_app.services.problems import SsoProblem
from portal_app.settings import get_settings

logger = logging.getLogger("portal.sso")
CALLBACK = sso.CALLBACK_PATH
# The state of the sign-in this browser started: the answer counts only here (login CSRF).
STATE_COOKIE = "__Host-steady_sso"


def _back_to_sign_in(problem: SsoProblem) -> Response:
    short = problem.value.rsplit(".", 1)[-1]
    answer = RedirectResponse(f"/sign-in?sso={short}", status_code=303)
    answer.delete_cookie(STATE_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    return answer


def _refused(request: Request, error: SsoRefused) -> Response:
    """Logged and audited by kind only (never a name, an email or a token)."""
    logger.info("SSO sign-in refused: %s", error.problem.value)
    with session_scope() as db:
        audit.record(
            db,
            "sign_in.sso_refused",
            now=datetime.now(UTC),
            clinic_id=clinic_of(db, request),
            client_address=client_address(request),
            category=error.problem.value.rsplit(".", 1)[-1],
        )
    return _back_to_sign_in(error.problem)


def _redirect_uri(db: Session, clinic_id: uuid.UUID | None) -> str:
    """The clinic's registered address (never the request's Host) + the callback path."""
    if clinic_id is None:
        raise SsoRefused(SsoProblem.SETUP, "no clinic here")
    return origin_of_clinic(db, clinic_id, get_settings().public_origin) + CALLBACK


def start(request: Request) -> Response:
    secret = str(get_settings().secret_key)
    try:
        with session_scope() as db:
            clinic_id = clinic_of(db, request)
            config = sso.provider_config(db, clinic_id, secret)
            sso.check_not_busy(db, clinic_id, now=datetime.now(UTC))
            redirect_uri = _redirect_uri(db, clinic_id)
        with httpx.Client(timeout=TIMEOUT_S) as http:
            discovery, _keys = discover(http, config.issuer)
        with session_scope() as db:
            now = datetime.now(UTC)
            sso.forget_old_attempts(db, now=now)
            assert clinic_id is not None  # provider_config found the clinic's settings
            asked = sso.begin(db, clinic_id, config, discovery, redirect_uri, now=now)
    except SsoRefused as error:
        return _refused(request, error)
    answer = RedirectResponse(asked.url, status_code=303)
    answer.set_cookie(
        STATE_COOKIE,
        asked.state,
        max_age=int(sso.ATTEMPT_LIFETIME.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back here
    )
    return answer


def callback(request: Request) -> Response:
    secret = str(get_settings().secret_key)
    params = request.query_params
    try:
        held = cookie_from_header(request.headers.get("cookie", ""), STATE_COOKIE) or ""
        with session_scope() as db:  # used up now, whatever happens next
            clinic_id = clinic_of(db, request)
            attempt = sso.take_attempt(
                db, clinic_id, params.get("state", ""), held, now=datetime.now(UTC)
            )
            nonce, verifier = attempt.nonce, attempt.code_verifier
        with session_scope() as db:
            config = sso.provider_config(db, clinic_id, secret)
            redirect_uri = _redirect_uri(db, clinic_id)
        if params.get("error") or not params.get("code"):
            raise SsoRefused(SsoProblem.REFUSED, "the provider said no")
        with httpx.Client(timeout=TIMEOUT_S) as http:
            discovery, keys = discover(http, config.issuer)
        id_token = exchange_code(config, discovery, params["code"], verifier, redirect_uri)
        person = check_id_token(id_token, keys, config, nonce, now=int(time.time()))
        with session_scope() as db:
            now = datetime.now(UTC)
            assert clinic_id is not None
            user = sso.account_for(db, clinic_id, person, now=now)
            home = "/panel" if user.role is Role.CLINICIAN else "/more"
            answer = RedirectResponse(home, status_code=303)
            answer.delete_cookie(STATE_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
            return signed_in_response(db, user, request, "sso", now=now, answer=answer)
    except SsoRefused as error:
        return _refused(request, error)


SSO_ROUTES = (
    Route("/api/sso/start", start, methods=["GET"]),
    Route(CALLBACK, callback, methods=["GET"]),
)
