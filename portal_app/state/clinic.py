"""The clinic's public face (name and phone numbers), loaded on every page, signed in or not:
the clinic served at the hostname the tab is on."""

from __future__ import annotations

import reflex as rx

from portal_app.content.crisis import tel_href
from portal_app.db import read_scope
from portal_app.services.clinic.clinics import FALLBACK_CLINIC, public_info
from portal_app.services.clinic.demo_seed import DEMO_CLINIC_SLUGS
from portal_app.services.identity.sso import sign_in_label
from portal_app.state.guard import public_event
from portal_app.state.session import clinic_here


class ClinicState(rx.State):
    """Public clinic facts only: nothing here is about any patient."""

    clinic_name: rx.Field[str] = rx.field(FALLBACK_CLINIC.name)
    clinic_phone: rx.Field[str] = rx.field("")
    clinic_phone_href: rx.Field[str] = rx.field("")
    after_hours_phone: rx.Field[str] = rx.field("")
    after_hours_href: rx.Field[str] = rx.field("")
    sso_label: rx.Field[str] = rx.field("")  # the clinic's staff sign-in provider, if any
    is_demo: rx.Field[bool] = rx.field(
        False
    )  # the made-up demo clinic: its people are fictional, and it says so

    @rx.event
    @public_event
    def load_clinic(self) -> None:
        with read_scope() as session:
            clinic_id = clinic_here(session, self)
            info = public_info(session, clinic_id)
            self.sso_label = sign_in_label(session, clinic_id)
        self.clinic_name = info.name
        self.is_demo = info.slug in DEMO_CLINIC_SLUGS
        self.clinic_phone = info.phone
        self.clinic_phone_href = tel_href(info.phone) if info.phone else ""
        self.after_hours_phone = info.after_hours_phone
        self.after_hours_href = tel_href(info.after_hours_phone) if info.after_hours_phone else ""
