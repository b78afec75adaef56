"""The clinician's home: their patients, the ones who need them most first, with flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from portal_app.content.instruments import TOTAL_SCORED, instrument
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.care_team.care_panel import (
    FLAGS,
    QUIET_DAYS,
    SEARCH_MAX,
    PanelRow,
    care_panel,
)
from portal_app.services.care_team.care_team_inbox import inbox_version
from portal_app.services.care_team.risk_alerts import alerts_version
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.groups.safety import holds_version
from portal_app.state.chosen_patient import choose_patient, patient_page
from portal_app.state.guard import signed_in_event
from portal_app.state.live import keep_fresh
from portal_app.state.session import acting

NAMES = {name: instrument(name)["name"] for name in TOTAL_SCORED}  # staff read the short names
REFRESH_SECONDS = 60.0


@dataclass
class PanelEntry:
    id: str
    name: str
    flags: list[str] = field(default_factory=list)
    alerts: str = ""
    high: bool = False
    rising: str = ""
    waiting: str = ""
    quiet: str = ""  # days since the last check-in; "never" when there is none
    refills: str = ""


def _entry(row: PanelRow, zone: Any) -> PanelEntry:
    return PanelEntry(
        id=str(row.patient_id),
        name=row.name,
        flags=row.flags,
        alerts=str(row.open_alerts) if row.open_alerts else "",
        high=row.high_alerts > 0,
        rising=", ".join(NAMES[i] for i in row.rising),
        waiting=local_text(row.waiting_since, zone),
        quiet="never" if row.quiet_days is None else str(row.quiet_days),
        refills=str(row.refills) if row.refills else "",
    )


class CarePanelState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    rows: rx.Field[list[PanelEntry]] = rx.field(default_factory=list)
    # Support-group posts held for safety that this clinician may close (on /alerts).
    held: rx.Field[int] = rx.field(0)
    only: rx.Field[str] = rx.field("")
    search: rx.Field[str] = rx.field("")
    quiet_after: rx.Field[int] = rx.field(7)
    _watch: int = 0

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            found = care_panel(
                db,
                me,
                now=now,
                today=now.astimezone(zone).date(),
                only=self.only,
                search=self.search,
                quiet_after=self.quiet_after,
            )
            self.held = len(holds_version(db, me))
        self.rows = [_entry(r, zone) for r in found]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def load_panel(self) -> None:
        """Each visit starts with the whole panel: a search left from last time would hide
        patients without saying so (found: a name typed yesterday still filtered today)."""
        self.search, self.only = "", ""
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def show_only(self, flag: str) -> None:
        self.only = flag if flag in FLAGS else ""
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def find(self, form_data: dict[str, Any]) -> None:
        self.search = " ".join(str(form_data.get("name", "")).split())[:SEARCH_MAX]
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def quiet_for(self, days: int) -> None:
        self.quiet_after = days if days in QUIET_DAYS else 7
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    async def open_patient(self, patient_id: str) -> EventSpec | None:
        """One tap into the patient: their overview, trends and medicines all follow."""
        chosen = next((r for r in self.rows if r.id == patient_id), None)
        if chosen is None:
            return None
        await choose_patient(self, chosen.id, chosen.name)
        return rx.redirect(patient_page(chosen.id))

    @rx.event(background=True)
    @signed_in_event(Role.CLINICIAN)
    async def watch(self) -> None:
        """While the panel is open, new messages and risk alerts re-sort it within seconds;
        everything else every minute."""

        def version() -> object:
            with session_scope() as db:
                me = acting()
                return inbox_version(db, me), alerts_version(db, me), holds_version(db, me)

        await keep_fresh(self, "/panel", version, self._load, reload_every=REFRESH_SECONDS)
