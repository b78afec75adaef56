"""People who help: the patient invites caregivers, sets what they may see and do, stops it,
reads what they looked at, and decides about Part 2 records; a caregiver accepts invitations
and switches between the people they help."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.caregivers import helping as caregiver_help
from portal_app.services.caregivers import proxy_grants
from portal_app.services.caregivers.proxy_grants import Invitee
from portal_app.services.caregivers.proxy_policy import ALL
from portal_app.services.caregivers.proxy_policy import PRESETS as PRESETS
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.problems import CaregiverProblem, ConsentProblem
from portal_app.services.records import part2_consent
from portal_app.services.records.access_log import by_person_part_and_day, who_looked
from portal_app.settings import get_settings
from portal_app.state.account import looked_row
from portal_app.state.guard import signed_in_event
from portal_app.state.outbound import deliver_mail
from portal_app.state.patient_page import PatientPage
from portal_app.state.session import acting, signed_in_person

PROBLEMS = (
    CaregiverProblem.EMAIL,
    CaregiverProblem.NAME,
    CaregiverProblem.EMAIL_TAKEN,
    CaregiverProblem.ALREADY,
    CaregiverProblem.NOTHING_CHOSEN,
    CaregiverProblem.END_DATE,
    CaregiverProblem.GONE,
    ConsentProblem.RECIPIENT,
    ConsentProblem.PURPOSE,
    ConsentProblem.EXPIRES,
)
NOTICES = (
    "caregivers.invited",
    "caregivers.changed",
    "caregivers.revoked",
    "caregivers.accepted",
    "caregivers.declined",
    "caregivers.teen_saved",
    "consent.given",
    "consent.withdrawn",
)


@dataclass
class GrantRow:
    id: str
    name: str
    email: str
    relationship: str
    kind: str
    status: str
    ends_on: str
    teen_agreed: bool = False
    permissions: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # a teen's areas their guardian cannot see


LOOKS_READ, LOOKS_SHOWN = 500, 50  # audit events grouped, then lines shown


def _can(grant: proxy_grants.GrantView) -> list[str]:
    """What the caregiver may do, never listing what the teen keeps private (found: Jordan's
    card listed the same things under "They can" and "They cannot see")."""
    hidden = proxy_grants.hidden_from_guardian(grant) if grant.kind == "guardian" else []
    shown = grant.allowed_today if grant.status == "active" else list(grant.permissions)
    return [code for code in shown if code not in hidden]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def chosen_permissions(form_data: dict[str, Any]) -> list[str]:
    preset = str(form_data.get("preset", ""))
    if preset in PRESETS:
        return list(PRESETS[preset])
    return [code for code in ALL if form_data.get(f"perm_{code}")]


class CaregiversState(PatientPage, rx.State):
    GONE: ClassVar[str] = CaregiverProblem.GONE

    is_caregiver: rx.Field[bool] = rx.field(False)
    grants: rx.Field[list[GrantRow]] = rx.field(default_factory=list)
    looked: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    age_stage: rx.Field[str] = rx.field(
        "adult"
    )  # "child", "teen" or "adult" (the clinic's rules): what to explain
    consents: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    consent_targets: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    invitations: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    people: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _load(self) -> None:
        me, now = acting(), datetime.now(UTC)
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            if me.role is Role.CAREGIVER:
                self.invitations = [
                    {"id": str(gid), "name": name, "kind": kind}
                    for gid, name, kind in proxy_grants.invitations_for(db, me)
                ]
                self.people = [
                    {
                        "id": str(h.patient_id),
                        "name": h.name,
                        "current": "yes" if h.patient_id == me.helping else "",
                    }
                    for h in caregiver_help.people_helped(db, me, now=now)
                ]
                return
            views = proxy_grants.grants_of(db, me, now=now)
            self.grants = [
                GrantRow(
                    str(g.id),
                    g.caregiver,
                    g.email,
                    g.relationship,
                    g.kind,
                    g.status,
                    g.ends_on.isoformat() if g.ends_on else "",
                    g.teen_agreed,
                    _can(g),
                    proxy_grants.hidden_from_guardian(g) if g.kind == "guardian" else [],
                )
                for g in views
            ]
            self.consent_targets = [
                {"id": g.id, "name": g.name} for g in self.grants if g.status == "active"
            ]
            names = {g.id: g.name for g in self.grants}
            self.consents = [
                {
                    "id": str(c.id),
                    "to": names.get(str(c.grant_id), "") if c.grant_id else "",
                    "purpose": c.purpose,
                    "until": c.expires_on.isoformat(),
                    "given": local_text(c.granted_at, zone)[:10],
                }
                for c in part2_consent.consents_of(db, me, now=now)
            ]
            looks = who_looked(db, me, only_role=Role.CAREGIVER, limit=LOOKS_READ)
            self.looked = [looked_row(e) for e in by_person_part_and_day(looks)[:LOOKS_SHOWN]]
            self.age_stage = proxy_grants.own_stage(db, me, now=now)

    @rx.event
    @signed_in_event(Role.PATIENT, Role.CAREGIVER)
    def load_caregivers(self) -> None:
        self.is_caregiver = acting().role is Role.CAREGIVER
        self.problem, self.problem_for, self.notice = "", "", ""
        self._load()

    @rx.event
    @signed_in_event(Role.PATIENT)
    def invite(self, form_data: dict[str, Any]) -> None:
        who = Invitee(
            str(form_data.get("name", "")),
            str(form_data.get("email", "")),
            str(form_data.get("relationship", "")),
        )
        codes, ends = chosen_permissions(form_data), str(form_data.get("ends_on", ""))

        def change(db: Session, me: Actor, now: datetime) -> str:
            return proxy_grants.invite_caregiver(
                db,
                me,
                who,
                codes,
                _day(ends),
                now=now,
                public_origin=get_settings().public_origin,
                deliver=deliver_mail(),
            )

        self._change_in("invite", change, "caregivers.invited")

    @rx.event
    @signed_in_event(Role.PATIENT)
    def change_access(self, form_data: dict[str, Any]) -> None:
        grant_id, ends = str(form_data.get("grant_id", "")), str(form_data.get("ends_on", ""))
        codes = chosen_permissions(form_data)
        self._change_in(
            grant_id,
            lambda db, me, now: proxy_grants.change_grant(
                db, me, uuid.UUID(grant_id), codes, _day(ends), now=now
            ),
            "caregivers.changed",
        )

    @rx.event
    @signed_in_event(Role.PATIENT)
    def revoke(self, grant_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            proxy_grants.revoke(db, me, uuid.UUID(grant_id), now=now)
            return ""

        self._change_in(grant_id, change, "caregivers.revoked")

    @rx.event
    @signed_in_event(Role.PATIENT)
    def teen_choice(self, grant_id: str, agreed: bool) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            proxy_grants.teen_agrees(db, me, uuid.UUID(grant_id), agreed, now=now)
            return ""

        self._change_in(grant_id, change, "caregivers.teen_saved")

    @rx.event
    @signed_in_event(Role.PATIENT)
    def give_consent(self, form_data: dict[str, Any]) -> None:
        target, purpose = str(form_data.get("to", "")), str(form_data.get("purpose", ""))
        until = str(form_data.get("until", ""))

        def change(db: Session, me: Actor, now: datetime) -> str:
            recipient = "export" if target == "export" else "caregiver"
            grant = uuid.UUID(target) if recipient == "caregiver" and target else None
            return part2_consent.give_consent(
                db, me, recipient, grant, purpose, _day(until), now=now
            )

        self._change_in("consent", change, "consent.given")

    @rx.event
    @signed_in_event(Role.PATIENT)
    def withdraw_consent(self, consent_id: str) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            part2_consent.withdraw_consent(db, me, uuid.UUID(consent_id), now=now)
            return ""

        self._change_in("consent", change, "consent.withdrawn")

    @rx.event
    @signed_in_event(Role.CAREGIVER)
    def answer(self, grant_id: str, accept: bool) -> None:
        def change(db: Session, me: Actor, now: datetime) -> str:
            proxy_grants.answer_invitation(db, me, uuid.UUID(grant_id), accept, now=now)
            return ""

        self._change_in(
            "answer", change, "caregivers.accepted" if accept else "caregivers.declined"
        )

    @rx.event
    @signed_in_event(Role.CAREGIVER)
    def switch_to(self, patient_id: str) -> EventSpec | None:
        """Help this person now: kept on the caregiver's own session, then a fresh page."""
        person = signed_in_person(self)
        if person is None:
            return None

        def change(db: Session, me: Actor, now: datetime) -> str:
            caregiver_help.choose_patient(db, me, person.session_id, uuid.UUID(patient_id), now=now)
            return ""

        self._change_in("switch", change, "")
        return None if self.problem else rx.redirect("/")


PERMISSION_CODES = ALL  # for the page (pages do not import services)
AREAS = (
    "appointments",
    "medicines",
    "messages",
    "check_ins",
    "records",
    "safety_plan",
    "education",
)
