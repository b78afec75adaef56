"""One group's space (/group?id=...): posts and replies under display names, the member's own
post form, and for the facilitator the requests to join, held posts and safety holds. Every
read goes through the membership check, and a watch re-reads every few seconds, so a member
who leaves (in any tab, on any worker) sees the space empty at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.groups.groups import end_group
from portal_app.services.groups.membership import decide, leave, members_of, requests_for, take_out
from portal_app.services.groups.posts import (
    moderate,
    post,
    posts_for,
    report,
    set_paused,
    space_of,
    space_version,
)
from portal_app.services.groups.safety import acknowledge_safety, open_safety_alerts
from portal_app.services.groups.sharing import (
    remove_shared,
    share,
    shared_in,
    sharing_allowed,
    stop_sharing,
)
from portal_app.services.problems import GroupProblem
from portal_app.state.alert_rows import hold_row
from portal_app.state.guard import signed_in_event
from portal_app.state.live import keep_fresh
from portal_app.state.session import acting

PROBLEMS = tuple(GroupProblem)
OUTCOMES = ("groups.posted", "groups.waiting_first", "groups.reported", "groups.done")
SHARE_OUTCOMES = ("groups.shared_done", "groups.share_stopped")
SHARE_PROBLEMS = tuple(p for p in GroupProblem if p.name.startswith("SHARE_"))
MODERATION = ("approve", "hide", "pin", "unpin")


class GroupSpaceState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)
    group_id: rx.Field[str] = rx.field("")
    facilitating: rx.Field[bool] = rx.field(False)
    header: dict[str, str] = {}  # name, schedule, place, video_link, as
    paused: rx.Field[bool] = rx.field(False)
    posts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    requests: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    holds: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # safety holds
    members: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id, name, shared (for the facilitator)
    ended: rx.Field[bool] = rx.field(False)  # the facilitator ended the group
    shared: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # name, text, mine
    my_share: rx.Field[str] = rx.field("")  # what the reader shares with the group
    may_share: rx.Field[bool] = rx.field(False)  # not in teen groups
    share_problem: rx.Field[str] = rx.field("")
    share_outcome: rx.Field[str] = rx.field("")
    share_crisis: rx.Field[bool] = rx.field(False)  # the words went to the facilitator instead
    reply_to: rx.Field[str] = rx.field("")
    crisis: rx.Field[bool] = rx.field(False)  # the last post was held for crisis words
    outcome: rx.Field[str] = rx.field("")
    problem: rx.Field[str] = rx.field("")
    form_key: rx.Field[int] = rx.field(0)
    _watch: int = 0

    def _clear(self) -> None:
        self.allowed, self.posts, self.requests, self.holds, self.header = False, [], [], [], {}
        self.members, self.shared, self.my_share = [], [], ""

    def _load(self) -> None:
        me = acting()
        try:
            group_id = uuid.UUID(self.group_id)
            with session_scope() as db:
                space = space_of(db, me, group_id)
                zone = zone_of(db, me.user_id)
                shown = posts_for(db, me, group_id)
                asked = requests_for(db, me, group_id) if space.facilitating else []
                holds = open_safety_alerts(db, me, group_id) if space.facilitating else []
                members = members_of(db, me, group_id) if space.facilitating else []
                sharing = shared_in(db, me, group_id)
        except (ValueError, NotFound):
            self._clear()
            return
        group = space.group
        self.facilitating, self.paused = space.facilitating, group.paused
        self.ended = group.status != "open"
        self.members = [
            {"id": str(m.id), "name": m.display_name, "shared": m.shared} for m in members
        ]
        self.shared = [
            {"name": s.display_name, "text": s.text, "mine": "yes" if s.mine else ""}
            for s in sharing
        ]
        self.my_share = next((s.text for s in sharing if s.mine), "")
        self.may_share = sharing_allowed(space.group)
        self.header = {
            "name": group.name,
            "schedule": group.schedule,
            "place": group.place,
            "video_link": group.video_link,
            "as": space.display_name,
        }
        parents = {p.id for p in shown}
        self.posts = [
            {
                "id": str(p.id),
                "author": p.author,
                "body": p.body,
                "when": local_text(p.created_at, zone),
                "reply": "yes" if p.reply_to in parents else "no",
                "status": p.status,
                "pinned": "yes" if p.pinned else "no",
                "mine": "yes" if p.mine else "no",
                "reports": str(p.reports) if p.reports else "",
            }
            for p in shown
        ]
        self.requests = [
            {"id": str(m.id), "name": m.display_name, "asked": local_text(m.asked_at, zone)}
            for m in asked
        ]
        self.holds = [hold_row(h, zone) for h in holds]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER, Role.CLINICIAN)
    def load_space(self) -> None:
        self.group_id = self.router.url.query_parameters.get("id", "")[:40]
        self.reply_to, self.crisis, self.outcome, self.problem = "", False, "", ""
        self.share_problem, self.share_outcome, self.share_crisis = "", "", False
        self._load()

    @rx.event(background=True)
    @signed_in_event(Role.PATIENT, Role.CAREGIVER, Role.CLINICIAN)
    async def watch(self) -> None:
        """New posts and decisions show within seconds; a member who left sees nothing."""

        def version() -> object:
            try:
                group_id = uuid.UUID(self.group_id)
            except ValueError:
                return None
            with session_scope() as db:
                return space_version(db, acting(), group_id)

        await keep_fresh(self, "/group", version, self._load)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def start_reply(self, post_id: str) -> None:
        self.reply_to = post_id if any(p["id"] == post_id for p in self.posts) else ""

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def send(self, form_data: dict[str, Any]) -> None:
        body = str(form_data.get("body", ""))
        try:
            reply_to = uuid.UUID(self.reply_to) if self.reply_to else None
            with session_scope() as db:
                done = post(
                    db,
                    acting(),
                    uuid.UUID(self.group_id),
                    body,
                    reply_to=reply_to,
                    now=datetime.now(UTC),
                )
        except (ValueError, NotFound):
            self._clear()
            return
        if isinstance(done, GroupProblem):
            self.problem, self.outcome, self.crisis = str(done), "", False
            return
        self.problem, self.reply_to = "", ""
        self.crisis = done.held_for == "crisis"
        self.outcome = {"": "groups.posted", "first_post": "groups.waiting_first"}.get(
            done.held_for, ""
        )
        self.form_key += 1
        self._load()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def report_post(self, post_id: str) -> None:
        try:
            with session_scope() as db:
                report(db, acting(), uuid.UUID(post_id), now=datetime.now(UTC))
        except (ValueError, NotFound):
            return
        self.outcome, self.crisis = "groups.reported", False

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def leave_here(self) -> None:
        try:
            with session_scope() as db:
                leave(db, acting(), uuid.UUID(self.group_id), now=datetime.now(UTC))
        except ValueError:
            return
        self._clear()

    def _facilitate(self, work: Any) -> None:
        try:
            with session_scope() as db:
                problem = work(db)
        except (ValueError, NotFound):
            return
        self.problem = str(problem or "")
        self.outcome = "" if problem else "groups.done"
        self._load()

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def moderate_post(self, post_id: str, action: str) -> None:
        if action in MODERATION:
            now = datetime.now(UTC)
            self._facilitate(lambda db: moderate(db, acting(), uuid.UUID(post_id), action, now=now))

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def answer_request(self, member_id: str, let_in: str) -> None:
        now = datetime.now(UTC)
        self._facilitate(
            lambda db: decide(db, acting(), uuid.UUID(member_id), let_in == "yes", now=now)
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def set_pause(self, pause: str) -> None:
        now, group_id = datetime.now(UTC), self.group_id
        self._facilitate(
            lambda db: set_paused(db, acting(), uuid.UUID(group_id), pause == "yes", now=now)
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def acknowledge(self, form_data: dict[str, Any]) -> None:
        alert_id, note = str(form_data.get("alert", "")), str(form_data.get("note", ""))
        now = datetime.now(UTC)
        self._facilitate(
            lambda db: acknowledge_safety(db, acting(), uuid.UUID(alert_id), note, now=now)
        )

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def take_out_member(self, member_id: str) -> None:
        now = datetime.now(UTC)
        self._facilitate(lambda db: take_out(db, acting(), uuid.UUID(member_id), now=now))

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def remove_share(self, member_id: str) -> None:
        now = datetime.now(UTC)
        self._facilitate(lambda db: remove_shared(db, acting(), uuid.UUID(member_id), now=now))

    @rx.event
    @signed_in_event(Role.CLINICIAN)
    def end_here(self) -> None:
        now, group_id = datetime.now(UTC), self.group_id
        self._facilitate(lambda db: end_group(db, acting(), uuid.UUID(group_id), now=now))

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def share_contact(self, form_data: dict[str, Any]) -> None:
        """Share a name or phone with the group, by choice; what was typed stays on a problem."""
        text = str(form_data.get("shared", ""))
        understood = form_data.get("understood") == "yes"  # the box's value when ticked
        try:
            with session_scope() as db:
                problem = share(
                    db,
                    acting(),
                    uuid.UUID(self.group_id),
                    text,
                    understood=understood,
                    now=datetime.now(UTC),
                )
        except (ValueError, NotFound):
            self._clear()
            return
        self.share_crisis = problem is GroupProblem.SHARE_CRISIS
        self.share_problem = str(problem or "")
        self.share_outcome = "" if problem else "groups.shared_done"
        self._load()

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def stop_share(self) -> None:
        try:
            with session_scope() as db:
                stop_sharing(db, acting(), uuid.UUID(self.group_id), now=datetime.now(UTC))
        except (ValueError, NotFound):
            self._clear()
            return
        self.share_problem, self.share_outcome = "", "groups.share_stopped"
        self.share_crisis = False
        self._load()
