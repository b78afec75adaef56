"""Support groups a clinic runs, and the moderated space each one has.

Privacy by construction: a member is known in the group only by the display name they chose
for it (`GroupMember.display_name`), never by their account; posts point at the membership,
not the person. A safety hold (`GroupSafetyAlert`) is the facilitator's to act on, like a
risk alert is the care team's.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field


class SupportGroup(SQLModel, table=True):
    __tablename__ = "support_group"
    __table_args__ = (sa.Index("ix_support_group_clinic", "clinic_id", "status"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    name: str = Field(max_length=120)
    purpose: str = Field(max_length=1000)
    schedule: str = Field(max_length=200)  # "Tuesdays 6-7 pm", in the clinic's words
    # When it meets each week, for reminders (the clinic's time zone): 0 = Monday; None = no
    # reminders (a schedule words cannot say, like "the first Tuesday").
    meets_weekday: int | None = Field(default=None)
    meets_at: str = Field(default="", max_length=5)  # "18:00"
    place: str = Field(default="", max_length=200)
    video_link: str = Field(default="", max_length=300)
    facilitator_id: uuid.UUID = Field(foreign_key="user.id")
    capacity: int = Field(default=12)
    audience: str = Field(default="adults", max_length=12)  # adults, teens, caregivers
    paused: bool = False  # the facilitator paused the space: reading only
    status: str = Field(default="open", max_length=12)  # open, closed
    created_at: datetime = created_at_field()


class GroupMember(SQLModel, table=True):
    __tablename__ = "group_member"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "user_id", name="uq_group_member_person"),
        sa.UniqueConstraint("group_id", "name_key", name="uq_group_member_name"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    group_id: uuid.UUID = Field(foreign_key="support_group.id")
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    display_name: str = Field(max_length=40)
    name_key: str = Field(max_length=40)  # the display name folded, so no two look alike
    status: str = Field(default="asked", max_length=12)  # asked, member, declined, left, removed
    rules_accepted_at: datetime = utc_field()
    asked_at: datetime = utc_field()
    decided_at: datetime | None = utc_field(optional=True)
    left_at: datetime | None = utc_field(optional=True)
    trusted: bool = False  # a first post was approved: later posts show at once
    # What the member chose to show the group (their first name, a phone, an email), in their
    # own words; "" when they share nothing. Cleared when they stop sharing or leave.
    shared: str = Field(default="", max_length=200)
    shared_at: datetime | None = utc_field(optional=True)  # last change, for live pages


class GroupPost(SQLModel, table=True):
    __tablename__ = "group_post"
    __table_args__ = (sa.Index("ix_group_post_group_created", "group_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    group_id: uuid.UUID = Field(foreign_key="support_group.id")
    member_id: uuid.UUID = Field(foreign_key="group_member.id")
    reply_to: uuid.UUID | None = Field(default=None, foreign_key="group_post.id")
    body: str = Field(max_length=2000)
    status: str = Field(default="held", max_length=12)  # held, shown, hidden
    held_for: str = Field(default="", max_length=12)  # first_post, crisis
    pinned: bool = False
    created_at: datetime = created_at_field()
    decided_at: datetime | None = utc_field(optional=True)
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")


class GroupReport(SQLModel, table=True):
    __tablename__ = "group_report"
    __table_args__ = (sa.UniqueConstraint("post_id", "member_id", name="uq_group_report_once"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    post_id: uuid.UUID = Field(foreign_key="group_post.id", index=True)
    member_id: uuid.UUID = Field(foreign_key="group_member.id")
    created_at: datetime = created_at_field()
    resolved_at: datetime | None = utc_field(optional=True)


class GroupSafetyAlert(SQLModel, table=True):
    """A post held for crisis words: open until the facilitator acknowledges it with a note."""

    __tablename__ = "group_safety_alert"
    __table_args__ = (sa.Index("ix_group_safety_alert_open", "group_id", "acknowledged_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    group_id: uuid.UUID = Field(foreign_key="support_group.id")
    post_id: uuid.UUID = Field(foreign_key="group_post.id", unique=True)
    opened_at: datetime = utc_field()
    acknowledged_at: datetime | None = utc_field(optional=True)
    acknowledged_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=2000)
    # When the clinic's on-call people were told (the clinic was closed, or nobody closed it
    # in time): from then on the on-call clinician may read and close it too.
    on_call_since: datetime | None = utc_field(optional=True)
