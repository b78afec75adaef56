"""Every notification text comes from this fixed set of neutral words.

A lock screen is seen by others, so no payload ever carries a medicine, a diagnosis, the kind
of clinic or a person's name: only "You have a reminder" and the like, in the patient's
language. With the neutral look on, even the app's name and icon are left out.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from portal_app.content.catalog import text

BODY_KEY = {
    "dose": "push.body.reminder",
    "check_in": "push.body.reminder",
    "questionnaire": "push.body.reminder",
    "appointment": "push.body.reminder",
    "message": "push.body.message",
    "refill": "push.body.update",
    "group": "push.body.reminder",
}
# Where a tap on the notification opens the portal.
OPENS = {
    "dose": "/medicines",
    "check_in": "/check-in",
    "questionnaire": "/questionnaires",
    "appointment": "/appointments",
    "message": "/messages",
    "refill": "/medicines",
    "group": "/groups",
}
ICON, NEUTRAL_ICON = "/icons/icon-192.png", "/icons/bell-192.png"


def payload_for(
    kind: str, language: str, *, neutral: bool, reminder_id: uuid.UUID, token: str
) -> dict[str, Any]:
    """The JSON the service worker shows: fixed texts, where to go, and the buttons."""
    actions = []
    if kind == "dose":
        actions = [
            {"action": "taken", "title": text("push.action.taken", language)},
            {"action": "snooze", "title": text("push.action.snooze", language)},
        ]
    return {
        "title": text("push.title.neutral" if neutral else "push.title.app", language),
        "body": text(BODY_KEY[kind], language),
        "icon": NEUTRAL_ICON if neutral else ICON,
        "tag": str(reminder_id),
        "url": OPENS[kind],
        "actions": actions,
        "reminder": str(reminder_id),
        "token": token,
        "lang": language,
    }


def payload_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()
