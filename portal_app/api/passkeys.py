"""Passkey routes: steady.js asks for options, the browser signs, we check and act.

Adding a passkey needs a live session; signing in with one ends in the same session cookie
as every other way in. All are same-origin POSTs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from portal_app.api.auth import (
    client_address,
    same_site_request,
    signed_in_from,
    signed_in_response,
)
from portal_app.api.json_body import BadBody, read_json_object
from portal_app.api.site import site_of
from portal_app.db import session_scope
from portal_app.models import User
from portal_app.services.clinic.tenancy import clinic_origin
from portal_app.services.identity import passkeys
from portal_app.services.identity.sessions import describe_device
from portal_app.settings import get_settings

MAX_BODY = 16_000


def _relying_party(db: Session, request: Request) -> passkeys.RelyingParty:
    """The clinic served here, at its registered origin: a passkey belongs to one clinic's
    hostname, as the browser itself keeps it."""
    site = site_of(db, request)
    return passkeys.RelyingParty.for_origin(
        clinic_origin(get_settings().public_origin, site.hostname if site else None)
    )


def _options(options_json: str) -> Response:
    return Response(options_json, media_type="application/json")


async def _credential(request: Request) -> dict[str, Any] | None:
    try:
        return await read_json_object(request, MAX_BODY)
    except BadBody:
        return None


def _signed_in_user(request: Request, db: Session, now: datetime) -> User | None:
    me = signed_in_from(request, db, now=now)
    return db.get(User, me.user_id) if me else None


def _too_many() -> JSONResponse:
    """More passkey ceremonies open at once than a person could be doing: wait a minute."""
    return JSONResponse({"ok": False}, status_code=429, headers={"Retry-After": "60"})


def _forbidden() -> JSONResponse:
    return JSONResponse({"ok": False}, status_code=403)


async def sign_in_options(request: Request) -> Response:
    if not same_site_request(request):
        return _forbidden()
    try:
        with session_scope() as db:
            options = passkeys.sign_in_options(
                db,
                rp=_relying_party(db, request),
                now=datetime.now(UTC),
                requested_from=client_address(request),
            )
    except passkeys.TooManyChallenges:
        return _too_many()
    return _options(options)


async def sign_in(request: Request) -> Response:
    if not same_site_request(request):
        return _forbidden()
    credential = await _credential(request)
    now = datetime.now(UTC)
    with session_scope() as db:
        user = (
            passkeys.finish_sign_in(db, credential, rp=_relying_party(db, request), now=now)
            if credential
            else None
        )
        return signed_in_response(db, user, request, "passkey", now=now)


async def register_options(request: Request) -> Response:
    if not same_site_request(request):
        return _forbidden()
    now = datetime.now(UTC)
    try:
        with session_scope() as db:
            user = _signed_in_user(request, db, now)
            if user is None:
                return _forbidden()
            options = passkeys.registration_options(
                db, user, rp=_relying_party(db, request), now=now
            )
    except passkeys.TooManyChallenges:
        return _too_many()
    return _options(options)


async def register(request: Request) -> Response:
    if not same_site_request(request):
        return _forbidden()
    credential = await _credential(request)
    now = datetime.now(UTC)
    with session_scope() as db:
        user = _signed_in_user(request, db, now)
        if user is None:
            return _forbidden()
        added = credential is not None and passkeys.finish_registration(
            db,
            user,
            credential,
            rp=_relying_party(db, request),
            now=now,
            name=describe_device(request.headers.get("user-agent", "")),
            client_address=client_address(request),
        )
    return JSONResponse({"ok": bool(added)}, status_code=200 if added else 400)


PASSKEY_ROUTES = (
    Route("/api/auth/passkey/sign-in/options", sign_in_options, methods=["POST"]),
    Route("/api/auth/passkey/sign-in", sign_in, methods=["POST"]),
    Route("/api/auth/passkey/register/options", register_options, methods=["POST"]),
    Route("/api/auth/passkey/register", register, methods=["POST"]),
)
