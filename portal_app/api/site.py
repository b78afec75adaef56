"""The clinic an HTTP request is for, read from its Host (services/clinic/tenancy.py)."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from sqlmodel import Session
from starlette.requests import Request

from portal_app.services.clinic.tenancy import Site, same_origin, site_for_host
from portal_app.settings import get_settings


def site_of(db: Session, request: Request) -> Site | None:
    return site_for_host(db, request.headers.get("host", ""), get_settings().default_clinic_slug)


def clinic_of(db: Session, request: Request) -> uuid.UUID | None:
    site = site_of(db, request)
    return site.clinic_id if site else None


def scheme() -> str:
    """Every clinic is served the way the install is (https in production)."""
    return urlsplit(get_settings().public_origin).scheme or "http"


def from_own_origin(origin: str | None, host: str) -> bool:
    """An Origin header naming the very origin the request was sent to."""
    return same_origin(origin, host, scheme())


def socket_origin_allowed(origin: str | None, environ: dict[str, str]) -> bool:
    """Engine.IO's origin check for the live connection: same origin only."""
    return from_own_origin(origin, environ.get("HTTP_HOST", ""))
