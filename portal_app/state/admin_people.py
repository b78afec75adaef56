"""Clinic admins: invite staff and patients, and send a link again to those not in yet."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor, NotFound
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.identity import invitations
from portal_app.services.identity.staff import cancel_invitation
from portal_app.services.problems import InviteProblem
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.outbound import deliver_mail
from portal_app.state.session import acting

PROBLEMS = (
    InviteProblem.EMAIL_INVALID,
    InviteProblem.NAME_MISSING,
    InviteProblem.ROLE_MISSING,
    InviteProblem.BIRTH_DATE,
    InviteProblem.CLINICIAN_MISSING,
    InviteProblem.EXISTS,
)


def _person(form_data: dict[str, Any]) -> invitations.NewPerson:
    def field(name: str) -> str:
        return str(form_data.get(name, "")).strip()[:254]

    try:
        role = Role(field("role"))
    except ValueError:
        role = Role.CAREGIVER  # not invitable here: reported as "choose a role"
    try:
        born: date | None = date.fromisoformat(field("date_of_birth"))
    except ValueError:
        born = None
    try:
        clinician: uuid.UUID | None = uuid.UUID(field("clinician"))
    except ValueError:
        clinician = None
    return invitations.NewPerson(
        email=field("email"),
        display_name=field("display_name"),
        role=role,
        date_of_birth=born,
        primary_clinician_id=clinician,
    )


def _invite(actor: Actor, person: invitations.NewPerson) -> str:
    """ "" when sent, else the problem's catalog key."""
    with session_scope() as db:
        try:
            invitations.invite(
                db,
                actor,
                person,
                now=datetime.now(UTC),
                public_origin=get_settings().public_origin,
                deliver=deliver_mail(),
            )
        except invitations.InvitationProblem as problem:
            return problem.key
    return ""


def _send_again(actor: Actor, user_id: uuid.UUID) -> None:
    with session_scope() as db:
        invitations.send_again(
            db,
            actor,
            user_id,
            now=datetime.now(UTC),
            public_origin=get_settings().public_origin,
            deliver=deliver_mail(),
        )


class AdminPeopleState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    clinicians: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # id, name
    pending: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id, name, email, role, sent
    problem: rx.Field[str] = rx.field("")
    sent_to: rx.Field[str] = rx.field("")  # the name of the person just invited
    cancelled: rx.Field[str] = rx.field("")  # the name whose invitation was just cancelled
    form_key: rx.Field[int] = rx.field(
        0
    )  # a new key empties the form after a successful invitation

    def _refresh(self) -> None:
        me = acting()
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            self.clinicians = [
                {"id": str(c.id), "name": c.display_name} for c in invitations.clinicians_of(db, me)
            ]
            self.pending = [
                {
                    "id": str(p.user_id),
                    "name": p.display_name,
                    "email": p.email,
                    "role": p.role.value,
                    "sent": local_text(p.last_sent_at, zone),
                }
                for p in invitations.pending_invitations(db, me)
            ]
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_people(self) -> None:
        self.problem, self.sent_to, self.cancelled = "", "", ""
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    async def invite(self, form_data: dict[str, Any]) -> None:
        person = _person(form_data)
        self.problem, self.sent_to = "", ""
        problem = await asyncio.to_thread(_invite, acting(), person)
        if problem:
            self.problem = problem
            return
        self.sent_to, self.form_key = person.display_name, self.form_key + 1
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    async def send_again(self, user_id: str) -> None:
        try:
            await asyncio.to_thread(_send_again, acting(), uuid.UUID(user_id))
        except (ValueError, NotFound):
            return
        self.sent_to, self.cancelled = (
            next((p["name"] for p in self.pending if p["id"] == user_id), ""),
            "",
        )
        self._refresh()

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def cancel(self, user_id: str) -> None:
        """The invitation's links stop working; inviting the person again is always possible."""
        self.sent_to, self.cancelled = "", ""
        try:
            with session_scope() as db:
                cancel_invitation(db, acting(), uuid.UUID(user_id), now=datetime.now(UTC))
        except (ValueError, NotFound):
            return
        self.cancelled = next((p["name"] for p in self.pending if p["id"] == user_id), "")
        self._refresh()
