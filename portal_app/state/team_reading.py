"""Reading for one patient, on their care team's patient page: the topics of their care and
the articles suggested to them (with whether the patient opened each)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from portal_app.content.catalog import text
from portal_app.content.library import articles
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.identity.account import own_account
from portal_app.services.library.reading import (
    care_topics,
    set_topic,
    suggest,
    suggestions_of,
    take_back,
)
from portal_app.services.problems import ReadingProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.patient_overview import PatientOverviewState
from portal_app.state.patient_page import PatientPage
from portal_app.state.session import acting

PROBLEMS = tuple(ReadingProblem)
NOTICES = ("reading.done", "reading.taken_back", "reading.topics_saved")


class TeamReadingState(PatientPage, rx.State):
    GONE: ClassVar[str] = ReadingProblem.GONE

    patient_id: rx.Field[str] = rx.field("")
    topics: rx.Field[list[str]] = rx.field(default_factory=list)
    suggestions: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id, slug, title, when, opened
    choices: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # slug, title (in the clinician's own language)
    choose_label: rx.Field[str] = rx.field(
        ""
    )  # a <select> option holds plain text only, so it comes from here

    def _load(self) -> None:
        me, now, pid = acting(), datetime.now(UTC), uuid.UUID(self.patient_id)
        with session_scope() as db:
            user = own_account(db, me.user_id)
            language = user.language.value if user else "en"
            titles = {a.slug: a.title for a in articles(language)}
            zone = zone_of(db, me.user_id)
            self.topics = care_topics(db, me, pid, now=now)
            self.suggestions = [
                {
                    "id": str(s.id),
                    "slug": s.slug,
                    "title": titles.get(s.slug, s.slug),
                    "when": local_text(s.suggested_at, zone)[:10],
                    "opened": local_text(s.opened_at, zone)[:10] if s.opened_at else "",
                }
                for s in suggestions_of(db, me, pid, now=now)
            ]
        self.choices = [{"slug": slug, "title": title} for slug, title in titles.items()]
        self.choose_label = text("reading.team_choose", language)

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    async def load_team_reading(self) -> None:
        overview = await self.get_state(PatientOverviewState)
        self.problem, self.notice = "", ""
        self.patient_id = overview.patient_id if overview.allowed else ""
        if self.patient_id:
            self._load()

    def _after_change(self) -> None:
        if self.patient_id:
            self._load()

    def _after_problem(self) -> None:
        self._after_change()  # a suggestion someone else removed: show the list as it is now

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def toggle_topic(self, topic: str) -> None:
        on = topic not in self.topics

        def change(db: Session, me: Actor, now: datetime) -> str:
            set_topic(db, me, uuid.UUID(self.patient_id), topic, on, now=now)
            return ""

        self._change(change, "reading.topics_saved")

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def suggest(self, form_data: dict[str, Any]) -> None:
        slug = str(form_data.get("slug", ""))
        self._change(
            lambda db, me, now: suggest(db, me, uuid.UUID(self.patient_id), slug, now=now),
            "reading.done",
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def take_back(self, suggestion_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            take_back(db, me, uuid.UUID(suggestion_id), now=now)
            return ""

        self._change(change, "reading.taken_back")
