"""Support groups, the list: the groups a person's care team offers (and asking to join them
under a display name, with the rules accepted), the groups they are in, and for a clinician
the groups they run and a form to start one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.groups.groups import create_group, groups_offered, groups_run_by
from portal_app.services.groups.membership import ask_to_join, leave, my_groups
from portal_app.services.problems import GroupProblem
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

PROBLEMS = tuple(GroupProblem)


def _group_row(group: Any) -> dict[str, str]:
    return {
        "id": str(group.id),
        "name": group.name,
        "purpose": group.purpose,
        "schedule": group.schedule,
        "place": group.place,
        "video_link": group.video_link,
        "audience": group.audience,
    }


class GroupsState(rx.State):
    loaded: rx.Field[bool] = rx.field(False)
    offered: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    mine: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # + status, as
    running: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # a clinician's
    join_for: rx.Field[str] = rx.field("")  # the group whose join form is open
    problem: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")
    form_key: rx.Field[int] = rx.field(0)

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            if me.role is Role.CLINICIAN:
                self.running = [_group_row(g) for g in groups_run_by(db, me)]
                self.offered, self.mine = [], []
            else:
                joined = my_groups(db, me)
                taken = {str(g.id) for g, _m in joined}
                self.mine = [
                    {**_group_row(g), "status": m.status, "as": m.display_name} for g, m in joined
                ]
                self.offered = [
                    _group_row(g)
                    for g in groups_offered(db, me, today=now.date())
                    if str(g.id) not in taken
                ]
        self.loaded = True

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER, Role.CLINICIAN)
    def load_groups(self) -> None:
        self.join_for, self.problem, self.notice = "", "", ""
        self._load()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def open_join(self, group_id: str) -> None:
        self.join_for, self.problem, self.notice = group_id, "", ""

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def ask(self, form_data: dict[str, Any]) -> None:
        try:
            group_id = uuid.UUID(self.join_for)
        except ValueError:
            return
        name = str(form_data.get("display_name", ""))
        agreed = str(form_data.get("rules", "")) == "yes"
        with session_scope() as db:
            problem = ask_to_join(
                db, acting(), group_id, name, rules_accepted=agreed, now=datetime.now(UTC)
            )
        if problem is not None:
            self.problem = str(problem)
            return
        self.join_for, self.problem, self.notice = "", "", "groups.asked"
        self._load()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def leave_group(self, group_id: str) -> None:
        try:
            with session_scope() as db:
                leave(db, acting(), uuid.UUID(group_id), now=datetime.now(UTC))
        except (ValueError, NotFound):
            return
        self.notice = "groups.left"
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def create(self, form_data: dict[str, Any]) -> None:
        fields = {k: str(v) for k, v in form_data.items()}
        with session_scope() as db:
            made = create_group(db, acting(), fields, now=datetime.now(UTC))
        if isinstance(made, GroupProblem):
            self.problem = str(made)
            return
        self.problem, self.notice = "", "groups.created"
        self.form_key += 1
        self._load()
