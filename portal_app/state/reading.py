"""The reading library page: what the care team suggested and what fits the reader's care (for
signed-in patients, and caregivers allowed to see the patient's reading), and search for all.

The articles themselves are compiled into the pages; this state holds article names only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.caregivers.proxy_policy import Permission
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.library.library_search import search, words_of
from portal_app.services.library.reading import care_topics, mark_opened, picked_for, suggestions_of
from portal_app.state.guard import public_event
from portal_app.state.helping import may
from portal_app.state.session import actor_from, signed_in_person


class ReadingState(rx.State):
    personal: rx.Field[bool] = rx.field(
        False
    )  # a signed-in patient, or a caregiver: picked reading is shown
    caregiver: rx.Field[bool] = rx.field(False)
    suggested: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # slug, by, when, opened ("yes" or "")
    picked: rx.Field[list[str]] = rx.field(default_factory=list)
    topics: rx.Field[list[str]] = rx.field(
        default_factory=list
    )  # the topics the care team set (a patient sees their own)
    query: rx.Field[str] = rx.field(
        ""
    )  # kept as typed, so a search that finds nothing loses nothing
    searched: rx.Field[bool] = rx.field(False)
    found: rx.Field[list[str]] = rx.field(default_factory=list)
    search_problem: rx.Field[str] = rx.field("")

    def _actor(self) -> Actor | None:
        person = signed_in_person(self)
        return actor_from(person, self) if person else None

    @rx.event
    @public_event
    def load_reading(self) -> None:
        me = self._actor()
        self.personal = me is not None and me.role in (Role.PATIENT, Role.CAREGIVER)
        self.caregiver = me is not None and me.role is Role.CAREGIVER
        self.suggested, self.picked, self.topics = [], [], []
        if me is None or not self.personal:
            return
        shows_suggestions = me.role is Role.PATIENT or (
            me.helping is not None and Permission.EDUCATION_SEE in may(me)
        )
        now = datetime.now(UTC)
        with session_scope() as db:
            self.picked = picked_for(db, me, now=now)
            if me.role is Role.PATIENT:
                self.topics = care_topics(db, me, None, now=now)
            if not shows_suggestions:
                return
            zone = zone_of(db, me.user_id)
            try:
                shown = suggestions_of(db, me, None, now=now)
            except NotFound:
                return
            self.suggested = [
                {
                    "slug": s.slug,
                    "by": s.suggested_by,
                    "when": local_text(s.suggested_at, zone)[:10],
                    "opened": "yes" if s.opened_at else "",
                }
                for s in shown
            ]

    @rx.event
    @public_event
    def search(self, form_data: dict[str, Any]) -> None:
        self.query = str(form_data.get("query", ""))[:200]
        self.searched = bool(words_of(self.query))
        self.search_problem = "" if self.searched else "reading.search_empty"
        self.found = search(self.query)

    @rx.event
    @public_event
    def clear_search(self) -> None:
        self.query, self.searched, self.found, self.search_problem = "", False, [], ""

    @rx.event
    @public_event
    def opened(self, slug: str) -> None:
        """A patient opened an article: their care team's suggestion of it counts as read."""
        me = self._actor()
        if me is None or me.role is not Role.PATIENT:
            return
        with session_scope() as db:
            mark_opened(db, me, slug, now=datetime.now(UTC))
