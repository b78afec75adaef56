"""The clinic's own website may frame a few public pieces of the portal (/embed/...), and only
those: crisis help, "Request a visit", the reading library and a "Patient sign-in" button.

A signed-in session never lives in a frame: browsers keep a cross-site frame's cookies and
storage apart from the portal's own (or block them), and the portal's session cookie is not
sent there. So the pieces need no sign-in, set no cookie and open no live connection; the
portal itself opens top-level, in its own tab.

Which sites may frame them is the clinic admin's list of origins: the pieces answer with
`frame-ancestors` naming exactly those (and the portal itself, for the admin's live preview);
every other page keeps `frame-ancestors 'self'`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import urlsplit

from sqlmodel import Session

from portal_app.models import Clinic, Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.clinic.tenancy import clinic_origin, loopback, valid_hostname
from portal_app.services.common import audit
from portal_app.services.problems import EmbedProblem

PIECES = ("crisis", "request", "reading", "sign-in")
MOST_ORIGINS = 10
# What an embedded piece may load: its own styles and the small resize script, from here.
EMBED_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def normal_origin(text: str) -> str | None:
    """ "https://Www.Clinic.example/" -> "https://www.clinic.example"; None when it is not a
    website's origin. Plain http only for this machine (trying it out, tests): a clinic's
    real website is https."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    if not host or not (valid_hostname(host) or loopback(host)):
        return None
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback(host)):
        return None
    default = {"https": 443, "http": 80}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def parse_origins(text: str) -> tuple[list[str], str]:
    """The admin's list (one per line, or separated by spaces or commas) -> (origins, "") or
    ([], the catalog key of what is wrong)."""
    found: list[str] = []
    for word in text.replace(",", " ").split():
        origin = normal_origin(word)
        if origin is None:
            return [], EmbedProblem.ORIGIN
        if origin not in found:
            found.append(origin)
    if len(found) > MOST_ORIGINS:
        return [], EmbedProblem.TOO_MANY
    return found, ""


def origins_of(clinic: Clinic | None) -> list[str]:
    return clinic.embed_origins.split() if clinic is not None else []


def frame_ancestors(origins: list[str]) -> str:
    """Exactly the clinic's sites, and the portal itself (the admin's live preview)."""
    return " ".join(("'self'", *origins))


def embed_policy(origins: list[str]) -> str:
    return f"{EMBED_POLICY}; frame-ancestors {frame_ancestors(origins)}"


def set_origins(db: Session, actor: Actor, text: str, *, now: datetime) -> str:
    """The clinic admin saves the list: "" when saved, else the catalog key of why not."""
    if actor.role is not Role.CLINIC_ADMIN:
        raise NotFound
    clinic = db.get(Clinic, actor.clinic_id)
    if clinic is None:
        raise NotFound
    origins, problem = parse_origins(text)
    if problem:
        return problem
    clinic.embed_origins = " ".join(origins)
    db.add(clinic)
    audit.record(
        db, "clinic.embed_origins_changed", now=now, actor_id=actor.user_id, clinic_id=clinic.id
    )
    return ""


@dataclass(frozen=True)
class WebsiteSetup:
    origins: list[str]  # the sites that may frame the pieces
    portal: str  # the clinic's own portal origin, which the pasted code points at
    language: str  # the clinic's first language


def website_setup(db: Session, actor: Actor, public_origin: str) -> WebsiteSetup:
    """What the admin's website page starts from."""
    if actor.role is not Role.CLINIC_ADMIN:
        raise NotFound
    clinic = db.get(Clinic, actor.clinic_id)
    if clinic is None:
        raise NotFound
    portal = clinic_origin(public_origin, clinic.hostname)
    return WebsiteSetup(origins_of(clinic), portal, clinic.default_language)


def embed_address(portal_origin: str, piece: str, language: str) -> str:
    path = "/embed/" + piece
    return f"{portal_origin}{path}?lang={language}"


def snippet(portal_origin: str, piece: str, language: str, title: str) -> str:
    """What the clinic pastes into its website: a link that the optional loader turns into a
    framed piece sized to fit (without script it stays a link), and the loader itself."""
    address = escape(embed_address(portal_origin, piece, language))
    return (
        f'<a href="{address}" data-steady-embed="{piece}" data-lang="{language}" '
        f'target="_blank" rel="noopener">{escape(title)}</a>\n'
        f'<script src="{escape(portal_origin)}/embed.js" async></script>'
    )


def plain_frame(portal_origin: str, piece: str, language: str, title: str) -> str:
    """The same piece as a plain frame of fixed height, for sites that allow no script."""
    address = escape(embed_address(portal_origin, piece, language))
    return (
        f'<iframe src="{address}" title="{escape(title)}" width="100%" height="480" '
        f'style="border:0" loading="lazy"></iframe>'
    )


def clinic_for_embed(db: Session, clinic_id: uuid.UUID | None) -> Clinic | None:
    return db.get(Clinic, clinic_id) if clinic_id is not None else None
