"""The phones and computers that get this person's notifications (a patient's reminders, a
clinician's risk alerts), and taking one off."""

from __future__ import annotations

import uuid

import reflex as rx

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import NotFound
from portal_app.services.common.local_time import local_text, zone_of
from portal_app.services.medication.push_devices import my_devices, remove_device
from portal_app.state.guard import signed_in_event
from portal_app.state.session import acting

ROLES = (Role.PATIENT, Role.CLINICIAN)


class DevicesState(rx.State):
    devices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # id, device, added

    def _load(self) -> None:
        me = acting()
        with session_scope() as db:
            zone = zone_of(db, me.user_id)
            self.devices = [
                {"id": str(d.id), "device": d.device, "added": local_text(d.created_at, zone)}
                for d in my_devices(db, me)
            ]

    @rx.event
    @signed_in_event(*ROLES)
    def load_devices(self) -> None:
        self._load()

    @rx.event
    @signed_in_event(*ROLES)
    def remove_device(self, device_id: str) -> None:
        try:
            with session_scope() as db:
                remove_device(db, acting(), uuid.UUID(device_id))
        except (ValueError, NotFound):
            pass
        self._load()
