"""Reminders of a group's weekly meeting, like visit reminders: each member who is a patient
gets "You have a reminder" two hours before, on the visits switch, after their quiet hours.

Planned a day ahead under a unique key, so every worker may plan and each is sent once. A
member who leaves (or is taken out), or a group that ends, gets nothing more: the sender asks
`membership.still_in_group` before each one. The words are the usual neutral ones; the group
is never named. Caregivers' groups have no reminders yet (a reminder belongs to a patient's record).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from portal_app.models import Clinic, GroupMember, Patient, SupportGroup
from portal_app.services.groups.membership import MEMBER
from portal_app.services.medication.reminders import remind_at
from portal_app.services.medication.schedule import moments_between

REMIND_BEFORE = timedelta(hours=2)
PLAN_AHEAD = timedelta(days=1)


def plan_group_meetings(db: Session, *, now: datetime) -> int:
    """Plan the reminders of every meeting starting in the next day (plus the lead time)."""
    planned = 0
    groups = db.exec(
        select(SupportGroup, Clinic)
        .join(Clinic, col(Clinic.id) == SupportGroup.clinic_id)
        .where(SupportGroup.status == "open", col(SupportGroup.meets_weekday).is_not(None))
    ).all()
    for group, clinic in groups:
        assert group.meets_weekday is not None
        start = now + REMIND_BEFORE
        meetings = moments_between(
            [group.meets_at],
            [group.meets_weekday],
            ZoneInfo(clinic.timezone),
            start,
            start + PLAN_AHEAD,
        )
        if not meetings:
            continue
        members = db.exec(
            select(Patient)
            .join(GroupMember, col(GroupMember.user_id) == Patient.user_id)
            .where(GroupMember.group_id == group.id, GroupMember.status == MEMBER)
        ).all()
        for meeting in meetings:
            for patient in members:
                planned += remind_at(
                    db,
                    patient,
                    "group",
                    key=f"group:{group.id}:{patient.id}:{meeting:%Y%m%dT%H%M}",
                    at=meeting - REMIND_BEFORE,
                    now=now,
                    ref_id=group.id,
                )
    return planned
