"""A clinic admin connects the clinic's identity provider for staff sign-in
(services/identity/sso.py): the provider's address, the client, the groups, SSO-only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.identity.sso import SsoForm, callback_address, remove, save, saved_form
from portal_app.services.problems import SsoProblem
from portal_app.settings import get_settings
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

PROBLEMS = (SsoProblem.FORM_MISSING, SsoProblem.FORM_ISSUER)
TEXT_FIELDS = ("label", "issuer", "client_id", "clinician_group", "admin_group", "group_claim")


def _wanted(form_data: dict[str, Any]) -> SsoForm:
    def field(name: str, limit: int = 200) -> str:
        return str(form_data.get(name, "")).strip()[:limit]

    return SsoForm(
        label=field("label", 60),
        issuer=field("issuer", 300),
        client_id=field("client_id"),
        client_secret=field("client_secret", 500),
        clinician_group=field("clinician_group"),
        admin_group=field("admin_group"),
        group_claim=field("group_claim", 60) or "groups",
        sso_only=str(form_data.get("sso_only", "")) == "yes",
    )


class AdminSsoState(rx.State):
    allowed: rx.Field[bool] = rx.field(False)  # only a clinic admin's own load sets this
    connected: rx.Field[bool] = rx.field(False)  # a provider is saved
    chosen: dict[str, str] = {}  # the saved values, as the form shows them (never the secret)
    problem: rx.Field[str] = rx.field("")
    done_key: rx.Field[str] = rx.field("")  # "sso.saved" / "sso.removed"
    form_key: rx.Field[int] = rx.field(0)
    callback: rx.Field[str] = rx.field("")  # to register at the provider

    def _load(self) -> None:
        with session_scope() as db:
            saved = saved_form(db, acting())
            self.callback = callback_address(db, acting(), get_settings().public_origin)
        self.connected = saved is not None
        empty = SsoForm("", "", "", "", "", "", "groups", False)
        shown = saved or empty
        self.chosen = {name: str(getattr(shown, name)) for name in TEXT_FIELDS}
        self.chosen["sso_only"] = "yes" if shown.sso_only else "no"
        self.allowed = True

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def load_sso(self) -> None:
        self.problem, self.done_key = "", ""
        self._load()
        self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def save(self, form_data: dict[str, Any]) -> None:
        secret = str(get_settings().secret_key)
        with session_scope() as db:
            self.problem = save(db, acting(), _wanted(form_data), secret, now=datetime.now(UTC))
        self.done_key = "" if self.problem else "sso.saved"
        if not self.problem:  # on a problem the form keeps what was typed
            self._load()
            self.form_key += 1

    @rx.event
    @signed_in_event(Role.CLINIC_ADMIN)
    def disconnect(self) -> None:
        with session_scope() as db:
            remove(db, acting(), now=datetime.now(UTC))
        self.problem, self.done_key = "", "sso.removed"
        self._load()
        self.form_key += 1
