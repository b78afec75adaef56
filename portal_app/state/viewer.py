"""Who is looking at the page: only their own name and whether they are signed in.

Reflex state belongs to the browser tab, not the person, and the whole state is sent on
every page load. So the states below are bound to the live session that loaded them
(state/session_binding.py): when the tab's session changes or ends, they are emptied before
anything is sent, and nothing of the last person is left for the next one on a shared phone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx
from reflex.event import EventSpec

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.caregivers import helping as caregiver_help
from portal_app.services.identity.sessions import SignedIn
from portal_app.state.account import AccountState
from portal_app.state.account_security import AccountSecurityState
from portal_app.state.admin_audit import AdminAuditState
from portal_app.state.admin_bulk import BulkInviteState
from portal_app.state.admin_care import AdminCareState
from portal_app.state.admin_intake import AdminIntakeState
from portal_app.state.admin_people import AdminPeopleState
from portal_app.state.admin_requests import AdminRequestsState
from portal_app.state.admin_sso import AdminSsoState
from portal_app.state.admin_staff import AdminStaffState
from portal_app.state.admin_website import AdminWebsiteState
from portal_app.state.alerts import AlertsState
from portal_app.state.appointments import AppointmentsState
from portal_app.state.care_panel import CarePanelState
from portal_app.state.care_plan import CarePlanState
from portal_app.state.caregivers import CaregiversState
from portal_app.state.check_in import CheckInState
from portal_app.state.clinic_brand import ClinicBrandState
from portal_app.state.clinic_settings import ClinicSettingsState
from portal_app.state.contact import ContactState
from portal_app.state.devices import DevicesState
from portal_app.state.group_space import GroupSpaceState
from portal_app.state.groups import GroupsState
from portal_app.state.guard import public_event
from portal_app.state.home import HomeState
from portal_app.state.intake import IntakeState
from portal_app.state.medicines import MedicinesState
from portal_app.state.messages import MessagesState
from portal_app.state.patient_overview import PatientOverviewState
from portal_app.state.questionnaire import QuestionnaireState
from portal_app.state.reading import ReadingState
from portal_app.state.records import RecordsState
from portal_app.state.reminders import RemindersState
from portal_app.state.safety_plan import SafetyPlanState
from portal_app.state.session import actor_from, signed_in_person
from portal_app.state.session_binding import rebind
from portal_app.state.team_reading import TeamReadingState
from portal_app.state.thought_records import ThoughtsState
from portal_app.state.trends import TrendsState

# States that hold one signed-in person's own data.
PERSONAL_STATES: tuple[type[rx.State], ...] = (
    AccountState,
    AccountSecurityState,
    AdminAuditState,
    AdminCareState,
    AdminIntakeState,
    AdminPeopleState,
    AdminRequestsState,
    AdminSsoState,
    AdminStaffState,
    AdminWebsiteState,
    AlertsState,
    AppointmentsState,
    BulkInviteState,
    CarePanelState,
    CarePlanState,
    CaregiversState,
    CheckInState,
    ClinicBrandState,
    ClinicSettingsState,
    ContactState,
    DevicesState,
    GroupSpaceState,
    GroupsState,
    HomeState,
    IntakeState,
    MedicinesState,
    MessagesState,
    PatientOverviewState,
    QuestionnaireState,
    ReadingState,
    RecordsState,
    RemindersState,
    SafetyPlanState,
    TeamReadingState,
    ThoughtsState,
    TrendsState,
)


class ViewerState(rx.State):
    signed_in: rx.Field[bool] = rx.field(False)
    display_name: rx.Field[str] = rx.field("")
    role: rx.Field[str] = rx.field(
        ""
    )  # to offer the pages of the person's role; each page checks it again
    # A caregiver: whom they are helping now, and what they may see and do for them (to
    # offer only those parts; every service checks the grant again).
    helping_name: rx.Field[str] = rx.field("")
    helping_allowed: rx.Field[list[str]] = rx.field(default_factory=list)

    @rx.event
    @public_event
    async def load_viewer(self) -> None:
        person = signed_in_person(self)
        self.signed_in = person is not None
        self.display_name = person.display_name if person else ""
        self.role = person.role.value if person else ""
        self.helping_name, self.helping_allowed = "", []
        if person is not None and person.role is Role.CAREGIVER:
            await self._load_helping(person)

    async def _load_helping(self, person: SignedIn) -> None:
        me = actor_from(person, self)
        with session_scope() as db:
            helped = caregiver_help.people_helped(db, me, now=datetime.now(UTC))
        current = next((h for h in helped if h.patient_id == me.helping), None)
        if current is None and len(helped) == 1:  # only one person: no need to choose
            with session_scope() as db:
                caregiver_help.choose_patient(
                    db, me, person.session_id, helped[0].patient_id, now=datetime.now(UTC)
                )
            current = helped[0]
            await rebind(self)  # nobody was chosen before, so nothing of anyone is loaded
        if current is not None:
            self.helping_name, self.helping_allowed = current.name, current.allowed

    @rx.event
    @public_event
    def require_sign_in(self) -> EventSpec | None:
        """On pages that show a person's own things: no live session, off to sign in."""
        if signed_in_person(self) is None:
            return rx.redirect("/sign-in", replace=True)
        return None


# Emptied when the tab's session changes: the personal states, and the viewer's own name.
BOUND_STATES: tuple[type[rx.State], ...] = (*PERSONAL_STATES, ViewerState)
