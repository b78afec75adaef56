"""The daily check-in, online: the same service the offline outbox uses, one entry at a time.

Each form gets its id when it opens, so a double tap or a resend stores the check-in once.
Today's entries can be changed; the form then opens with that entry's answers.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import reflex as rx
from dateutil.relativedelta import relativedelta

from portal_app.content.catalog import LANGUAGES
from portal_app.content.dates import month_words
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound, own_patient_id
from portal_app.services.common.local_time import zone_of
from portal_app.services.measures.journal import check_ins_of, set_own_tags, sync
from portal_app.services.measures.journal import own_tags as tags_of
from portal_app.services.problems import CheckInProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

HISTORY_DAYS = 30
MONTHS_BACK = 12  # how far back the calendar goes
TAGS = ("worked", "exercised", "went_outside", "saw_people", "argued", "felt_alone")
PROBLEMS = (CheckInProblem.MOOD_MISSING, CheckInProblem.ANXIETY_MISSING, CheckInProblem.NOT_SAVED)
TAG_PROBLEMS = (CheckInProblem.TAG_INVALID, CheckInProblem.TAGS_TOO_MANY)


def _number(form_data: dict[str, Any], name: str) -> int | None:
    try:
        return int(str(form_data.get(name, "")))
    except ValueError:
        return None


def _month_grid(first: date, today: date, rows: list[Any]) -> list[list[dict[str, str]]]:
    """The month starting on `first` as Monday-first weeks; each day carries its latest mood."""
    moods: dict[date, str] = {}
    for row in sorted(rows, key=lambda r: r.recorded_at):
        moods[row.local_date] = str(row.mood)
    days = calendar.monthrange(first.year, first.month)[1]
    cells = [{"day": "", "mood": "", "today": ""}] * first.weekday()
    for number in range(1, days + 1):
        day = first.replace(day=number)
        cells.append(
            {"day": str(number), "mood": moods.get(day, ""), "today": "yes" if day == today else ""}
        )
    cells += [{"day": "", "mood": "", "today": ""}] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


class CheckInState(rx.State):
    is_patient: rx.Field[bool] = rx.field(False)
    entry_id: rx.Field[str] = rx.field("")  # the id this form will store under
    editing: rx.Field[bool] = rx.field(False)
    mood: rx.Field[str] = rx.field("")  # the form's starting answers (when changing today's entry)
    anxiety: rx.Field[str] = rx.field("")
    sleep: rx.Field[str] = rx.field("")
    tags: rx.Field[list[str]] = rx.field(default_factory=list)
    note: rx.Field[str] = rx.field("")
    problem: rx.Field[str] = rx.field("")
    saved: rx.Field[bool] = rx.field(False)
    history: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id, day, mood, anxiety, sleep, tags, note, today
    month: dict[str, str] = {}  # the month the calendar shows, in words: language -> text
    months_back: rx.Field[int] = rx.field(
        0
    )  # 0: this month; earlier months can be seen (found: only this one)
    weeks: rx.Field[list[list[dict[str, str]]]] = rx.field(
        default_factory=list
    )  # Monday-first weeks: day number, mood ("" if none)
    form_key: rx.Field[int] = rx.field(0)
    own_tags: rx.Field[list[str]] = rx.field(
        default_factory=list
    )  # the patient's own extra tags, in their words
    tag_problem: rx.Field[str] = rx.field("")
    tag_form_key: rx.Field[int] = rx.field(
        0
    )  # a new key empties the "new tag" field after it is saved

    def _new_form(self, *, rebuild: bool = True) -> None:
        """An empty form under a new id. `rebuild` remakes the form's fields (they keep what
        was typed otherwise); on opening the page that is needed only if the form last held
        other answers, not for a page that was just drawn empty."""
        held = self.editing or any((self.mood, self.anxiety, self.sleep, self.note, self.tags))
        self.entry_id, self.editing = str(uuid.uuid4()), False
        self.mood = self.anxiety = self.sleep = self.note = ""
        self.tags = []
        if rebuild or held:
            self.form_key += 1

    def _load_history(self) -> None:
        me = acting()
        now = datetime.now(UTC)
        with session_scope() as db:
            patient_id = own_patient_id(db, me)
            self.is_patient = patient_id is not None
            if patient_id is None:
                self.history = []
                return
            today = now.astimezone(zone_of(db, me.user_id)).date()
            first = today.replace(day=1) - relativedelta(months=self.months_back)
            recent = today - timedelta(days=HISTORY_DAYS)
            rows = check_ins_of(db, me, patient_id, since=min(first, recent), now=now)
            self.own_tags = tags_of(db, me, now=now)
        self.month = {lang: month_words(first, lang) for lang in LANGUAGES}
        self.weeks = _month_grid(first, today, rows)
        rows = [row for row in rows if row.local_date >= recent]
        self.history = [
            {
                "id": str(row.id),
                "day": row.local_date.isoformat(),
                "mood": str(row.mood),
                "anxiety": str(row.anxiety),
                "sleep": "" if row.sleep_hours is None else f"{row.sleep_hours:g}",
                "tags": ",".join(row.tags),
                "note": row.note,
                "today": "yes" if row.local_date == today else "",
            }
            for row in rows
        ]

    @rx.var
    def today_id(self) -> str:
        """Today's latest check-in ("" when there is none yet): the form says today is done
        (found: a patient saved three check-ins for one day, not knowing the first counted)."""
        return next((row["id"] for row in self.history if row["today"]), "")

    @rx.event
    @signed_in_event(Role.PATIENT)
    def show_month(self, step: int) -> None:
        """-1: the month before; 1: the month after (up to this month, back a year)."""
        step = step if step in (-1, 1) else 0
        self.months_back = min(MONTHS_BACK, max(0, self.months_back - step))
        self._load_history()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def load_check_in(self) -> None:
        self.problem, self.saved, self.months_back = "", False, 0
        self._new_form(rebuild=False)
        self._load_history()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def save(self, form_data: dict[str, Any]) -> None:
        mood, anxiety, sleep = (_number(form_data, n) for n in ("mood", "anxiety", "sleep"))
        self.saved = False
        if mood is None:
            self.problem = CheckInProblem.MOOD_MISSING
            return
        if anxiety is None:
            self.problem = CheckInProblem.ANXIETY_MISSING
            return
        entry = {
            "kind": "check_in",
            "id": self.entry_id or str(uuid.uuid4()),
            "recorded_at": datetime.now(UTC).isoformat(),
            "mood": mood,
            "anxiety": anxiety,
            "sleep_hours": sleep,
            "tags": [
                t for t in (*TAGS, *self.own_tags) if form_data.get(f"tag_{t}") in ("on", t, True)
            ],
            "note": str(form_data.get("note", ""))[:2000],
        }
        try:
            with session_scope() as db:
                result = sync(db, acting(), [entry], now=datetime.now(UTC))
        except NotFound:
            result = None
        if result is None or not result.accepted:
            self.problem = CheckInProblem.NOT_SAVED  # what was typed stays in the form
            return
        self.problem, self.saved = "", True
        self._new_form()
        self._load_history()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def change(self, entry_id: str) -> None:
        """Open today's entry in the form (only today's can change)."""
        row = next((r for r in self.history if r["id"] == entry_id and r["today"]), None)
        if row is None:
            return
        self.entry_id, self.editing = row["id"], True
        self.mood, self.anxiety, self.sleep, self.note = (
            row["mood"],
            row["anxiety"],
            row["sleep"],
            row["note"],
        )
        self.tags = [t for t in row["tags"].split(",") if t]
        self.problem, self.saved = "", False
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.PATIENT)
    def start_new(self) -> None:
        self.problem, self.saved = "", False
        self._new_form()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def add_tag(self, form_data: dict[str, Any]) -> None:
        word = str(form_data.get("new_tag", ""))[:40]
        self._save_tags([*self.own_tags, word] if word.strip() else self.own_tags)

    @rx.event
    @signed_in_event(Role.PATIENT)
    def remove_tag(self, tag: str) -> None:
        self._save_tags([t for t in self.own_tags if t != tag])

    def _save_tags(self, tags: list[str]) -> None:
        with session_scope() as db:
            self.tag_problem = set_own_tags(db, acting(), tags, now=datetime.now(UTC))
            if not self.tag_problem:
                self.own_tags = tags_of(db, acting(), now=datetime.now(UTC))
                self.tag_form_key += 1
