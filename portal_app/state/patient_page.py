"""What every page about one patient's record shares, written once: the problem or notice a
change leaves (and which form it is about), the key that empties the page's forms once a
change went through, and running that change as the person acting (state/changes.py)."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.measures.trends import name_if_mine
from portal_app.state.changes import Change, run_change


class PatientPage(rx.State, mixin=True):
    """A state mixin. A page sets GONE (what to say when the thing changed is no longer there,
    or no longer theirs) and `_load` (show the record as it is now)."""

    GONE: ClassVar[str] = "error.gone"

    problem: rx.Field[str] = rx.field("")
    problem_for: rx.Field[str] = rx.field("")  # the form the problem is about, on busy pages
    notice: rx.Field[str] = rx.field("")
    form_key: rx.Field[int] = rx.field(0)  # a new key empties the forms after a change

    def _load(self) -> None:
        raise NotImplementedError

    def _change(self, change: Change, done: str) -> None:
        self._change_in("", change, done)

    def _change_in(self, place: str, change: Change, done: str) -> None:
        """Run one change; show its problem (kept with what the person typed) or `done`."""
        self.problem_for = place
        self.problem = run_change(change, self.GONE)
        self.notice = "" if self.problem else done
        if self.problem:
            self._after_problem()
        else:
            self.form_key += 1
            self._after_change()

    def _after_change(self) -> None:
        self._load()

    def _after_problem(self) -> None:
        """Most pages keep the screen as it was (nothing changed); some show the record anew."""


class ChosenPatientPage(PatientPage, mixin=True):
    """A page that opens on one patient: the patient's own record, the one a caregiver helps,
    or the one a clinician chose, who must be on the clinician's care team."""

    allowed: rx.Field[bool] = rx.field(False)
    patient_id: rx.Field[str] = rx.field("")  # the clinician's choice (others: their own)
    patient_name: rx.Field[str] = rx.field("")

    def _open_on_patient(self, me: Actor) -> None:
        if me.role is Role.CLINICIAN:
            with session_scope() as db:
                name = name_if_mine(db, me, self.patient_id)
            if name is None:
                self.allowed, self.patient_id = False, ""
                return
            self.patient_name = name
        self.allowed = True
        self._load()
