"""An open risk alert as the alert card shows it (on /alerts and on the patient page), and a
group post held for safety as its form shows it (on /alerts and on the group's page)."""

from __future__ import annotations

from typing import Any

from portal_app.services.care_team.risk_alerts import OpenAlert
from portal_app.services.common.local_time import local_text
from portal_app.services.groups.safety import SafetyHold


def alert_row(alert: OpenAlert, zone: Any) -> dict[str, str]:
    contact = alert.contact
    return {
        "id": str(alert.id),
        "patient": alert.patient_name,
        "patient_id": str(alert.patient_id),
        "reason": alert.reason,
        "level": alert.level,
        "opened": local_text(alert.opened_at, zone),
        "escalated": "yes" if alert.escalated else "",
        "phone": contact.phone,
        "phone_href": contact.phone_href,
        "contact_name": contact.emergency_name,
        "contact_relation": contact.emergency_relation,
        "contact_phone": contact.emergency_phone,
        "contact_href": contact.emergency_href,
    }


def answer_rows(alerts: list[OpenAlert]) -> dict[str, list[dict[str, str]]]:
    """Each alert's answers by alert id; flagged ones are what raised the alert."""
    return {
        str(a.id): [
            {
                "question": line.question,
                "answer": line.answer,
                "flagged": "yes" if line.flagged else "",
            }
            for line in a.answers
        ]
        for a in alerts
    }


def hold_row(hold: SafetyHold, zone: Any) -> dict[str, str]:
    return {
        "id": str(hold.alert_id),
        "when": local_text(hold.opened_at, zone),
        "name": hold.display_name,
        "body": hold.body,
        "patient": str(hold.patient_id or ""),
        "group": hold.group_name,
        "group_id": str(hold.group_id or ""),
        "facilitating": "yes" if hold.facilitating else "",
    }
