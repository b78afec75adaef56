"""Session cookies: the only place a sign-in becomes a cookie, and a sign-out removes it.

Both are POSTs from the portal's own pages (checked by Origin / Sec-Fetch-Site), so another
site cannot sign someone in to an account of its choosing, or sign them out.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from portal_app.api.json_body import BadBody, read_json_object
from portal_app.api.site import clinic_of, from_own_origin
from portal_app.db import session_scope
from portal_app.models import User
from portal_app.services.common import audit
from portal_app.services.identity.account import set_language
from portal_app.services.identity.device_trust import (
    DEVICE_COOKIE,
    REMEMBERED_FOR,
    known_device,
    new_device_cookie,
)
from portal_app.services.identity.second_factor import needs_second_factor
from portal_app.services.identity.sessions import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    IDLE_WARNING,
    SESSION_COOKIE,
    SignedIn,
    cookie_from_header,
    end_session,
    resolve_session,
    session_token_from_cookie_header,
    start_session,
)
from portal_app.services.identity.sign_in import EMAIL_LINK, HANDOFF, redeem_token
from portal_app.services.identity.sso import staff_sso_only
from portal_app.services.medication.push_devices import forget_session_devices
from portal_app.settings import get_settings

REDEEMABLE = {"email_link": EMAIL_LINK, "handoff": HANDOFF}


def client_address(request: Request) -> str:
    """Who is asking: the peer, or behind PORTAL_TRUSTED_PROXY_HOPS reverse proxies the
    address the outermost of them saw (X-Forwarded-For is the client's to forge otherwise)."""
    peer = request.client.host if request.client else ""
    hops = get_settings().trusted_proxy_hops
    if hops <= 0:
        return peer
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    forwarded = [a for a in forwarded if a]
    return forwarded[-hops][:45] if len(forwarded) >= hops else peer


def same_site_request(request: Request) -> bool:
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    return from_own_origin(request.headers.get("origin"), request.headers.get("host", ""))


def outbox_tag(user_id: uuid.UUID) -> str:
    """An opaque, stable label for the person, so this device sends offline entries only
    while their writer is signed in. It names no one and cannot be turned back into an id."""
    key = str(get_settings().secret_key).encode()
    return hmac.new(key, b"outbox:" + user_id.bytes, hashlib.sha256).hexdigest()[:32]


MAX_BODY = 4096  # a token and its kind, or a language


def signed_in_from(request: Request, db: Session, *, now: datetime) -> SignedIn | None:
    """Who the request's session cookie belongs to (and keep that session alive); only a
    session of the clinic served at the request's hostname counts."""
    token = session_token_from_cookie_header(request.headers.get("cookie", ""))
    return resolve_session(db, token, now=now, clinic_id=clinic_of(db, request))


def _refused() -> JSONResponse:
    return JSONResponse({"signed_in": False}, status_code=400)


async def create_session(request: Request) -> Response:
    """Trade a single-use token (from an email link or a password check) for a session."""
    if not same_site_request(request):
        return JSONResponse({"signed_in": False}, status_code=403)
    try:
        body = await read_json_object(request, MAX_BODY)
        kind, token = REDEEMABLE[str(body["kind"])], str(body["token"])
    except (BadBody, KeyError):
        return _refused()
    now = datetime.now(UTC)
    with session_scope() as db:
        user_id = redeem_token(db, token, kind, now=now)
        user = db.get(User, user_id) if user_id else None
        # An email link alone never signs in an account that needs a second factor.
        if kind == EMAIL_LINK and user is not None and needs_second_factor(user):
            user = None
        return signed_in_response(db, user, request, kind, now=now)


def signed_in_response(
    db: Session,
    user: User | None,
    request: Request,
    method: str,
    *,
    now: datetime,
    answer: Response | None = None,
) -> Response:
    """Start a session (a new token: no fixation) and set its cookie on `answer` (JSON by
    default), or refuse kindly. A token of one clinic's person never starts a session at
    another clinic's hostname; staff of a clinic that signs staff in only through its own
    provider get a session from that path alone."""
    if user is not None and user.clinic_id != clinic_of(db, request):
        user = None
    if user is not None and method != "sso" and staff_sso_only(db, user):
        user = None
    if user is None or not user.is_active:
        audit.record(db, "sign_in.refused", now=now, client_address=client_address(request))
        return _refused()
    cookie_value = start_session(
        db,
        user.id,
        now=now,
        client_address=client_address(request),
        device=request.headers.get("user-agent", "")[:120],
    )
    audit.record(
        db,
        f"sign_in.{method}",
        now=now,
        actor_id=user.id,
        clinic_id=user.clinic_id,
        client_address=client_address(request),
    )
    response = answer or JSONResponse({"signed_in": True, "language": user.language.value})
    response.set_cookie(
        SESSION_COOKIE,
        cookie_value,
        max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",
    )
    _remember_device(request, response, user)
    return response


def _remember_device(request: Request, response: Response, user: User) -> None:
    """This device signed in: from now on its password tries are counted on their own, so
    nobody else's guessing can make this person wait here (services/identity/device_trust.py)."""
    secret = str(get_settings().secret_key)
    held = cookie_from_header(request.headers.get("cookie", ""), DEVICE_COOKIE)
    if known_device(secret, user.id, held):
        return
    response.set_cookie(
        DEVICE_COOKIE,
        new_device_cookie(secret, user.id),
        max_age=int(REMEMBERED_FOR.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


async def sign_out(request: Request) -> Response:
    """Signing out on a device also stops that device's reminders for this person."""
    return _end_this_session(request, "sign_out", forget_devices=True)


async def quick_exit(request: Request) -> Response:
    """Quick exit, sent as a beacon as the page leaves (no websocket needed): the session ends
    at once. The device's reminders stay: they never say what they are about, and the person
    may rely on them for medicines."""
    return _end_this_session(request, "sign_out.quick_exit", forget_devices=False)


def _end_this_session(request: Request, event: str, *, forget_devices: bool) -> Response:
    if not same_site_request(request):
        return JSONResponse({"signed_out": False}, status_code=403)
    token = session_token_from_cookie_header(request.headers.get("cookie", ""))
    now = datetime.now(UTC)
    if token:
        with session_scope() as db:
            signed_in = resolve_session(
                db, token, now=now, clinic_id=clinic_of(db, request), touch=False
            )
            end_session(db, token, now=now)
            if signed_in:
                if forget_devices:
                    forget_session_devices(db, signed_in.session_id)
                audit.record(
                    db,
                    event,
                    now=now,
                    actor_id=signed_in.user_id,
                    clinic_id=signed_in.clinic_id,
                    client_address=client_address(request),
                )
    response = JSONResponse({"signed_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    return response


async def ping(request: Request) -> Response:
    """The person is active: keep the session alive and say when it would end if idle."""
    if not same_site_request(request):
        return JSONResponse({"signed_in": False}, status_code=403)
    with session_scope() as db:
        signed_in = signed_in_from(request, db, now=datetime.now(UTC))
    if signed_in is None:
        return JSONResponse({"signed_in": False})
    left = (signed_in.idle_expires_at - datetime.now(UTC)).total_seconds()
    return JSONResponse(
        {
            "signed_in": True,
            "idle_seconds_left": int(left),
            "warn_before_seconds": int((IDLE_TIMEOUT - IDLE_WARNING).total_seconds()),
            "outbox_tag": outbox_tag(signed_in.user_id),
        }
    )


async def save_language(request: Request) -> Response:
    """The language chosen on a device, kept on the account (emails and new devices use it)."""
    if not same_site_request(request):
        return JSONResponse({"saved": False}, status_code=403)
    try:
        language = str((await read_json_object(request, MAX_BODY))["language"])
    except (BadBody, KeyError):
        return _refused()
    with session_scope() as db:
        me = signed_in_from(request, db, now=datetime.now(UTC))
        saved = me is not None and set_language(db, me.user_id, language)
    return JSONResponse({"saved": saved})


AUTH_ROUTES = (
    Route("/api/auth/session", create_session, methods=["POST"]),
    Route("/api/auth/sign-out", sign_out, methods=["POST"]),
    Route("/api/auth/quick-exit", quick_exit, methods=["POST"]),
    Route("/api/auth/ping", ping, methods=["POST"]),
    Route("/api/account/language", save_language, methods=["POST"]),
)
