"""Web Push routes: the public key, adding and removing this device, and the notification
buttons ("Taken", "Remind me in 15 min"), which work without opening the app."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address, same_site_request, signed_in_from
from portal_app.api.json_body import read_json
from portal_app.db import session_scope
from portal_app.services.access import NotFound
from portal_app.services.identity.sessions import describe_device
from portal_app.services.medication.push import load_vapid, public_key_text
from portal_app.services.medication.push_devices import TAKEN, add_device, remove_endpoint
from portal_app.services.medication.reminder_actions import act_by_token
from portal_app.settings import get_settings

MAX_BODY = 4096


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json(request: Request) -> Any:
    return await read_json(request, MAX_BODY)


def public_key(_request: Request) -> Response:
    settings = get_settings()
    vapid = load_vapid(settings.vapid_file) if settings.vapid_file else None
    if vapid is None:
        return _problem(503, "Reminders by notification are not set up on this server yet.")
    return JSONResponse({"key": public_key_text(vapid)})


async def subscribe(request: Request) -> Response:
    """Save this device's subscription for the person signed in here (never from the body)."""
    if not same_site_request(request):
        return _problem(403, "Please use the portal's own pages.")
    try:
        subscription = await _json(request)
    except ValueError:
        return _problem(400, "Send the browser's push subscription as JSON.")
    now, settings = datetime.now(UTC), get_settings()
    with session_scope() as db:
        me = signed_in_from(request, db, now=now)
        if me is None:
            return _problem(401, "Please sign in again.")
        problem = add_device(
            db,
            me.user_id,
            me.session_id,
            subscription,
            device=describe_device(request.headers.get("user-agent", "")),
            extra_hosts=settings.push_hosts,
            now=now,
        )
    if problem:
        return _problem(409 if problem == TAKEN else 400, problem)
    return JSONResponse({"saved": True}, status_code=201)


async def unsubscribe(request: Request) -> Response:
    if not same_site_request(request):
        return _problem(403, "Please use the portal's own pages.")
    try:
        endpoint = str((await _json(request))["endpoint"])
    except (ValueError, KeyError, TypeError):
        return _problem(400, 'Send JSON like {"endpoint": "..."}.')
    with session_scope() as db:
        me = signed_in_from(request, db, now=datetime.now(UTC))
        if me is None:
            return _problem(401, "Please sign in again.")
        remove_endpoint(db, me.user_id, endpoint)
    return JSONResponse({"removed": True})


async def action(request: Request) -> Response:
    """A notification button: the reminder's own token says who may act on it."""
    try:
        body = await _json(request)
        reminder_id, token = uuid.UUID(str(body["reminder"])), str(body["token"])
        chosen = str(body["action"])
    except (ValueError, KeyError, TypeError):
        return _problem(
            400, 'Send JSON like {"reminder": "...", "token": "...", "action": "taken"}.'
        )
    try:
        with session_scope() as db:
            act_by_token(
                db,
                str(get_settings().secret_key),
                reminder_id,
                token,
                chosen,
                now=datetime.now(UTC),
                client_address=client_address(request),
            )
    except NotFound:
        return _problem(404, "Not found.")
    return JSONResponse({"done": True})


PUSH_ROUTES = (
    Route("/api/push/key", public_key, methods=["GET"]),
    Route("/api/push/subscribe", subscribe, methods=["POST"]),
    Route("/api/push/unsubscribe", unsubscribe, methods=["POST"]),
    Route("/api/push/action", action, methods=["POST"]),
)
