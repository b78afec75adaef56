"""The account page: where the person is signed in, and who looked at their record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import reflex as rx

from portal_app.content.catalog import LANGUAGES, text
from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.identity import passkeys as passkey_service
from portal_app.services.identity.account import own_account
from portal_app.services.identity.sessions import (
    active_sessions,
    describe_device,
    end_all_sessions,
    end_own_session,
)
from portal_app.services.records.access_log import AccessLogEntry, who_looked
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting, signed_in_person


def _in_both(make: object) -> dict[str, str]:
    return {lang: make(lang) for lang in LANGUAGES}  # type: ignore[operator]


def looked_row(entry: AccessLogEntry) -> dict[str, str]:
    who = _in_both(lambda lang: entry.who or text("account.you", lang))
    role = _in_both(lambda lang: text(f"role.{entry.role}", lang))
    what = _in_both(
        lambda lang: (
            f"{text(f'action.{entry.action}', lang)} {text(f'category.{entry.category}', lang)}"
        )
    )
    times = _in_both(
        lambda lang: f" · {entry.times} {text('access.times', lang)}" if entry.times > 1 else ""
    )
    return {
        "when": entry.when,
        **{
            f"line_{lang}": f"{who[lang]} ({role[lang]}) {what[lang]}{times[lang]}"
            for lang in LANGUAGES
        },
    }


class AccountState(rx.State):
    devices: list[
        dict[str, str]
    ] = []  # the person's own sessions: id, device, last_active, current
    looked: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # their own record's access log, display-ready
    passkeys: rx.Field[list[dict[str, str]]] = rx.field(
        default_factory=list
    )  # id, name, added, last_used
    is_patient: rx.Field[bool] = rx.field(False)

    def _refresh(self) -> None:
        me = acting()
        current = signed_in_person(self)
        now = datetime.now(UTC)
        with session_scope() as db:
            sessions = active_sessions(db, me.user_id, now=now)
            zone = zone_of(db, me.user_id)
            keys = passkey_service.passkeys_of(db, me.user_id)
            try:
                entries = who_looked(db, me) if me.role is Role.PATIENT else []
            except NotFound:
                entries = []
        self.devices = [
            {
                "id": str(s.id),
                "device": describe_device(s.device),
                "last_active": local_text(s.last_seen_at, zone),
                "current": "yes" if current and s.id == current.session_id else "",
            }
            for s in sessions
        ]
        self.looked = [looked_row(entry) for entry in entries]
        self.passkeys = [
            {
                "id": str(key.id),
                "name": key.name,
                "added": local_text(key.created_at, zone),
                "last_used": local_text(key.last_used_at, zone),
            }
            for key in keys
        ]
        self.is_patient = me.role is Role.PATIENT

    @rx.event
    @signed_in_event()
    def load_account(self) -> None:
        self._refresh()

    @rx.event
    @signed_in_event()
    def sign_out_device(self, session_id: str) -> None:
        try:
            target = uuid.UUID(session_id)
        except ValueError:
            return
        with session_scope() as db:
            end_own_session(db, acting().user_id, target, now=datetime.now(UTC))
        self._refresh()

    @rx.event
    @signed_in_event()
    def sign_out_everywhere_else(self) -> None:
        current = signed_in_person(self)
        with session_scope() as db:
            end_all_sessions(
                db,
                acting().user_id,
                now=datetime.now(UTC),
                keep=current.session_id if current else None,
            )
        self._refresh()

    @rx.event
    @signed_in_event()
    def remove_passkey(self, passkey_id: str) -> None:
        try:
            target = uuid.UUID(passkey_id)
        except ValueError:
            return
        with session_scope() as db:
            user = own_account(db, acting().user_id)
            if user is not None:
                passkey_service.remove_passkey(
                    db,
                    user,
                    target,
                    now=datetime.now(UTC),
                    client_address=self.router.session.client_ip,
                )
        self._refresh()
