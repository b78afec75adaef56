"""A clinic admin lists the clinic's website addresses and copies the code that shows the
portal's public pieces there (services/clinic/embedding.py), with a live preview."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.content.catalog import text
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.clinic.embedding import (
    PIECES,
    embed_address,
    plain_frame,
    set_origins,
    snippet,
    website_setup,
)
from portal_app.services.problems import EmbedProblem
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

__all__ = ["PIECES", "PROBLEMS", "AdminWebsiteState"]
PROBLEMS = tuple(EmbedProblem)


class AdminWebsiteState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    origins: rx.Field[str] = rx.field("")  # the saved list, one per line
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[bool] = rx.field(False)
    form_key: rx.Field[int] = rx.field(0)
    piece: rx.Field[str] = rx.field("crisis")
    language: rx.Field[str] = rx.field("en")
    snippet: rx.Field[str] = rx.field("")
    plain: rx.Field[str] = rx.field("")
    preview: rx.Field[str] = rx.field("")  # the piece's address here, for the preview frame
    title: rx.Field[str] = rx.field("")  # the piece's name, the frame's title
    _portal: str = ""

    def _show(self) -> None:
        self.title = text(f"embed.piece.{self.piece}", self.language)
        self.snippet = snippet(self._portal, self.piece, self.language, self.title)
        self.plain = plain_frame(self._portal, self.piece, self.language, self.title)
        self.preview = embed_address("", self.piece, self.language)

    def _load(self) -> str:
        """The saved addresses; returns the clinic's first language."""
        with session_scope() as db:
            setup = website_setup(db, acting(), get_settings().public_origin)
        self.origins, self._portal = "\n".join(setup.origins), setup.portal
        self.allowed = True
        return setup.language

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_website(self) -> None:
        self.problem, self.saved, self.piece = "", False, "crisis"
        self.language = self._load()
        self._show()
        self.form_key += 1  # the choices are drawn again, ticked as the state says

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def save(self, form_data: dict[str, Any]) -> None:
        typed = str(form_data.get("origins", ""))[:2000]
        with session_scope() as db:
            self.problem = set_origins(db, acting(), typed, now=datetime.now(UTC))
        self.saved = not self.problem
        if self.saved:  # on a problem the form keeps what was typed; the piece shown stays
            self._load()
            self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def choose(self, piece: str) -> None:
        if piece in PIECES:
            self.piece = piece
            self._show()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def choose_language(self, language: str) -> None:
        if language in ("en", "es"):
            self.language = language
            self._show()
