"""Each clinic's face at its own hostname: its public facts for the offline pages, its colours
as a small stylesheet, and the web app manifest a patient installs. Public, cookie-free."""

from __future__ import annotations

import hashlib
import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from portal_app.api.site import clinic_of
from portal_app.db import read_scope
from portal_app.services.clinic.branding import brand_css, web_app_manifest
from portal_app.services.clinic.clinics import ClinicPublicInfo, public_info
from portal_app.services.clinic.logo import clinic_icon, has_logo


def _info(request: Request) -> ClinicPublicInfo:
    with read_scope() as db:
        return public_info(db, clinic_of(db, request))


def _fresh(request: Request, body: bytes, media_type: str) -> Response:
    """Always checked with the server (the clinic may change its look), cheap when unchanged."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Host"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def clinic(request: Request) -> JSONResponse:
    """The clinic's name and phone numbers, cached by the offline page for crisis help."""
    return JSONResponse(_info(request).as_dict(), headers={"Vary": "Host"})


def clinic_css(request: Request) -> Response:
    info = _info(request)
    return _fresh(request, brand_css(info.primary_color, info.accent_color).encode(), "text/css")


def manifest(request: Request) -> Response:
    with read_scope() as db:
        clinic_id = clinic_of(db, request)
        info, own_icons = public_info(db, clinic_id), has_logo(db, clinic_id)
    icons = "/clinic-icons" if own_icons else "/icons"
    body = web_app_manifest(info.name, info.primary_color, info.default_language, icons)
    encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return _fresh(request, encoded, "application/manifest+json")


def icon(request: Request) -> Response:
    """The clinic's own app icon (made from its logo); the portal's own when it has none."""
    name = str(request.path_params["name"]).removesuffix(".png")
    with read_scope() as db:
        png = clinic_icon(db, clinic_of(db, request), name)
    if png is None:
        return Response(status_code=404)
    return _fresh(request, png, "image/png")


BRANDING_ROUTES = (
    Route("/clinic-icons/{name}", icon, methods=["GET"]),
    Route("/api/clinic", clinic, methods=["GET"]),
    Route("/clinic.css", clinic_css, methods=["GET"]),
    Route("/manifest.webmanifest", manifest, methods=["GET"]),
)
