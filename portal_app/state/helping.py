"""What the acting person may do on a patient's pages: everything for the patient themselves,
what their grant allows for a caregiver (the services check it again on every call)."""

from __future__ import annotations

from datetime import UTC, datetime

from portal_app.db import session_scope
from portal_app.models import Role
from portal_app.services.access import Actor
from portal_app.services.caregivers import helping as caregiver_help
from portal_app.services.caregivers.proxy_policy import ALL


def may(me: Actor) -> frozenset[str]:
    if me.role is Role.PATIENT:
        return frozenset(ALL)
    with session_scope() as db:
        return caregiver_help.allowed_now(db, me, now=datetime.now(UTC))
