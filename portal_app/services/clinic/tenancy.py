"""Which clinic a request is for: each clinic is served at its own hostname.

The browser keeps cookies, the service worker, push subscriptions, offline data and the
installed app per origin, so one hostname per clinic keeps them apart by the browser's own
rules; the server keeps them apart too: a session, a sign-in or a link of one clinic is
worthless at another's hostname. A hostname no clinic claims is served as the install's
default clinic, so a one-clinic install works at any name it is given.

Only hostnames the operator registered (`portal clinic create`) become links in emails; the
Host header a request brings is never trusted to build one.
"""

from __future__ import annotations

import ipaddress
import re
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlmodel import Session, col, select

from portal_app.models import Clinic

HOSTNAME_SHAPE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
REMEMBER_FOR_S = 30.0  # a new clinic's hostname is served within this long on every worker


def hostname_of(host_header: str) -> str:
    """The bare, lower-case hostname of a Host header ("Site.example:3000" -> "site.example")."""
    host = (host_header or "").strip().lower()
    if host.startswith("["):  # an IPv6 literal keeps its brackets out of the name
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


def loopback(host: str) -> bool:
    """This machine's own name or address (plain http is allowed there, for trying out)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def valid_hostname(hostname: str) -> bool:
    return bool(HOSTNAME_SHAPE.match(hostname))


def clinic_origin(public_origin: str, hostname: str | None) -> str:
    """The clinic's own origin: the install's scheme and port, the clinic's hostname."""
    parts = urlsplit(public_origin.rstrip("/"))
    if not hostname:
        return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    netloc = f"{hostname}:{parts.port}" if parts.port else hostname
    return urlunsplit((parts.scheme, netloc, "", "", ""))


@dataclass(frozen=True)
class Site:
    """One clinic as served at one hostname."""

    clinic_id: uuid.UUID
    slug: str
    hostname: str  # "" for the default clinic served at a hostname nobody claimed


class ClinicDirectory:
    """Hostname -> clinic, remembered for a few seconds: every event asks, and clinics are
    created or renamed rarely (then every worker sees it within REMEMBER_FOR_S)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], tuple[Site | None, float]] = {}

    def site_for(self, db: Session, host_header: str, default_slug: str) -> Site | None:
        """The clinic served at this Host, or the default clinic; None only before any clinic
        exists."""
        key = (hostname_of(host_header), default_slug)
        with self._lock:
            kept = self._known.get(key)
        if kept is not None and time.monotonic() - kept[1] < REMEMBER_FOR_S:
            return kept[0]
        site = _look_up(db, key[0], default_slug)
        with self._lock:
            self._known[key] = (site, time.monotonic())
        return site

    def forget(self) -> None:
        with self._lock:
            self._known.clear()


def _look_up(db: Session, hostname: str, default_slug: str) -> Site | None:
    own = db.exec(select(Clinic.id, Clinic.slug).where(Clinic.hostname == hostname)).first()
    if own is not None:
        return Site(own[0], own[1], hostname)
    default = db.exec(select(Clinic.id, Clinic.slug).where(Clinic.slug == default_slug)).first()
    if default is None:  # no default named: the oldest clinic
        default = db.exec(
            select(Clinic.id, Clinic.slug).order_by(col(Clinic.created_at)).limit(1)
        ).first()
    return Site(default[0], default[1], "") if default is not None else None


DIRECTORY = ClinicDirectory()


def site_for_host(db: Session, host_header: str, default_slug: str) -> Site | None:
    return DIRECTORY.site_for(db, host_header, default_slug)


def origin_of_clinic(db: Session, clinic_id: uuid.UUID, public_origin: str) -> str:
    """Where links in this clinic's emails point: its registered hostname, else the install's."""
    hostname = db.exec(select(Clinic.hostname).where(Clinic.id == clinic_id)).first()
    return clinic_origin(public_origin, hostname)


def same_origin(origin: str | None, host_header: str, scheme: str) -> bool:
    """Whether a request's Origin is the very origin it was sent to (scheme, host and port)."""
    if not origin or not host_header:
        return False
    return origin.rstrip("/").lower() == f"{scheme}://{host_header}".lower()
