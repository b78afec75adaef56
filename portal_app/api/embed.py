"""The pieces a clinic frames on its own website (services/clinic/embedding.py): each answers
with `frame-ancestors` of exactly the clinic's listed sites (and the portal, for the admin's
preview), sets no cookie, and needs no sign-in.

The visit request form posts from inside the frame, so its Origin is the portal's own; the
clinic's listed sites may also post a plain form of their own. Any other Origin is refused.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.message import EmailMessage

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from portal_app.api.auth import client_address
from portal_app.api.site import clinic_of, from_own_origin
from portal_app.content.catalog import LANGUAGES, text
from portal_app.content.library import articles
from portal_app.db import read_scope, session_scope
from portal_app.server_rendered import embed_pages as pages
from portal_app.services.clinic.clinics import ClinicPublicInfo, public_info
from portal_app.services.clinic.embedding import (
    clinic_for_embed,
    embed_policy,
    normal_origin,
    origins_of,
)
from portal_app.services.clinic.visit_requests import Outcome, RequestForm, submit
from portal_app.services.common.mail import deliverer
from portal_app.services.problems import VisitRequestProblem
from portal_app.settings import get_settings

logger = logging.getLogger("portal.embed")
MOST_FORM_BYTES = 8_000


def _site(request: Request) -> tuple[ClinicPublicInfo, list[str], str]:
    """The clinic at this hostname, its listed sites, and the page's language."""
    with read_scope() as db:
        clinic_id = clinic_of(db, request)
        info, clinic = public_info(db, clinic_id), clinic_for_embed(db, clinic_id)
    asked = request.query_params.get("lang", "")
    language = asked if asked in LANGUAGES else info.default_language
    return info, origins_of(clinic), language


def _page(
    language: str, title_key: str, main: str, origins: list[str], status: int = 200
) -> HTMLResponse:
    body = pages.embed_page(language, text(title_key, language), main, origins=origins)
    headers = {
        "Content-Security-Policy": embed_policy(origins),
        "Cache-Control": "no-store",
        "Vary": "Host",
    }
    return HTMLResponse(body, status_code=status, headers=headers)


def crisis(request: Request) -> Response:
    info, origins, language = _site(request)
    return _page(language, "embed.piece.crisis", pages.crisis_card(info, language), origins)


def sign_in(request: Request) -> Response:
    _info, origins, language = _site(request)
    return _page(language, "embed.piece.sign-in", pages.sign_in_card(language), origins)


def reading(request: Request) -> Response:
    _info, origins, language = _site(request)
    listed = pages.reading_list(articles(language), language)
    return _page(language, "embed.piece.reading", listed, origins)


def article(request: Request) -> Response:
    _info, origins, language = _site(request)
    slug = str(request.path_params["slug"])
    found = next((a for a in articles(language) if a.slug == slug), None)
    if found is None:
        listed = pages.reading_list(articles(language), language)
        return _page(language, "embed.piece.reading", listed, origins, status=404)
    return _page(language, "embed.piece.reading", pages.article_page(found, language), origins)


def _origin_allowed(request: Request, origins: list[str]) -> bool:
    """Our own frame's form, or a listed site's own form; nothing else. Our pages send no
    referrer, so the browser names their own form's origin "null": Sec-Fetch-Site (set by
    the browser, never by a page) says "same-origin" for it instead."""
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site == "same-origin":
        return True
    if fetch_site is None and from_own_origin(origin, request.headers.get("host", "")):
        return True
    return origin is not None and normal_origin(origin) in origins


async def visit_request(request: Request) -> Response:
    info, origins, language = _site(request)
    if request.method == "GET":
        if request.query_params.get("sent") == "1":
            main = pages.request_thanks(info, language)
        else:
            main = pages.request_form(info, language, RequestForm(language=language), {})
        return _page(language, "embed.piece.request", main, origins)
    if not _origin_allowed(request, origins):
        return _page(language, "embed.piece.request", pages.request_refused(language), origins, 403)
    if int(request.headers.get("content-length") or 0) > MOST_FORM_BYTES:
        return _page(language, "embed.piece.request", pages.request_refused(language), origins, 413)
    fields = {k: str(v) for k, v in (await request.form()).items()}
    form = RequestForm.from_fields(fields, language)
    return await _take(request, info, origins, form)


async def _take(
    request: Request, info: ClinicPublicInfo, origins: list[str], form: RequestForm
) -> Response:
    outcome = await run_in_threadpool(_store, request, form)
    if outcome.problems:
        main = pages.request_form(info, form.language, form, outcome.problems)
        status = 429 if "form" in outcome.problems else 400
        return _page(form.language, "embed.piece.request", main, origins, status)
    if outcome.notices:
        await run_in_threadpool(_tell_admins, outcome.notices)
    return RedirectResponse(f"/embed/request?lang={form.language}&sent=1", status_code=303)


def _store(request: Request, form: RequestForm) -> Outcome:
    settings = get_settings()
    with session_scope() as db:
        clinic_id = clinic_of(db, request)
        if clinic_id is None:  # no clinic at all on this install yet
            return Outcome(False, {"form": VisitRequestProblem.BUSY})
        return submit(
            db,
            clinic_id,
            form,
            client_address=client_address(request),
            public_origin=settings.public_origin,
            now=datetime.now(UTC),
        )


def _tell_admins(notices: tuple[EmailMessage, ...]) -> None:
    """After the request is kept: a failed email never loses it (it waits in the list)."""
    settings = get_settings()
    send = deliverer(smtp_url=settings.smtp_url, outbox=settings.data_dir / "outbox")
    for message in notices:
        try:
            send(message)
        except Exception as error:
            logger.warning("A visit request notice was not sent: %s", type(error).__name__)


EMBED_ROUTES = (
    Route("/embed/crisis", crisis, methods=["GET"]),
    Route("/embed/sign-in", sign_in, methods=["GET"]),
    Route("/embed/reading", reading, methods=["GET"]),
    Route("/embed/reading/{slug}", article, methods=["GET"]),
    Route("/embed/request", visit_request, methods=["GET", "POST"]),
)
