"""What patients tell us: daily check-ins, questionnaire responses, and risk alerts from them.

Ids are made by the device (a check-in can be written offline), so a replayed upload finds
the row it already made and nothing is stored twice.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.models.base import created_at_field, utc_field


class CheckIn(SQLModel, table=True):
    __tablename__ = "check_in"
    __table_args__ = (sa.Index("ix_check_in_patient_day", "patient_id", "local_date"),)

    id: uuid.UUID = Field(primary_key=True)  # made by the device
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    local_date: date  # the patient's own calendar day
    mood: int  # 1 (very low) .. 5 (very good)
    anxiety: int  # 0 (none) .. 4 (very strong)
    sleep_hours: float | None = Field(default=None)  # 0..16, half hours
    tags: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    note: str = Field(default="", max_length=2000)
    recorded_at: datetime = utc_field()  # on the device
    created_at: datetime = created_at_field()
    updated_at: datetime | None = utc_field(optional=True)


class QuestionnaireResponse(SQLModel, table=True):
    __tablename__ = "questionnaire_response"
    __table_args__ = (
        sa.Index("ix_response_patient_instrument", "patient_id", "instrument", "submitted_at"),
    )

    id: uuid.UUID = Field(primary_key=True)  # made by the device
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    instrument: str = Field(max_length=16)
    answers: list[Any] = Field(default_factory=list, sa_type=sa.JSON)  # item order; null = open
    complete: bool = False
    total: int | None = None
    severity: str | None = Field(default=None, max_length=24)
    positive: bool | None = None
    # The measure's risk question was answered positive: PHQ-9 item 9, EPDS item 10.
    item9_positive: bool | None = None
    risk: str | None = Field(default=None, max_length=12)
    # A scoring rule's whole result (PCL-5 clusters, AUDIT zone, flags); None for the others.
    details: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    started_at: datetime = utc_field()
    submitted_at: datetime | None = utc_field(optional=True)
    created_at: datetime = created_at_field()


class RiskAlert(SQLModel, table=True):
    """A sign of danger for the care team: open until a clinician acknowledges it with a note."""

    __tablename__ = "risk_alert"
    __table_args__ = (
        sa.Index("ix_risk_alert_open", "clinic_id", "acknowledged_at"),
        sa.Index("ix_risk_alert_patient_open", "patient_id", "acknowledged_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True)
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id")
    response_id: uuid.UUID = Field(foreign_key="questionnaire_response.id", unique=True)
    # The C-SSRS screener that set the level of an item-9 alert.
    screener_response_id: uuid.UUID | None = Field(
        default=None, foreign_key="questionnaire_response.id"
    )
    reason: str = Field(max_length=24)  # "phq9_item9", "epds_item10" or "cssrs"
    level: str = Field(max_length=12)  # "high", "moderate", "low" or "unknown" (screener open)
    opened_at: datetime = utc_field()
    escalated_at: datetime | None = utc_field(optional=True)
    acknowledged_at: datetime | None = utc_field(optional=True)
    acknowledged_by: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=2000)


class AlertNotice(SQLModel, table=True):
    """One person to tell about one risk alert (or one support-group post held for safety), by
    push to their devices and by email: the care team (the group's facilitator) when it opens,
    the on-call clinician and the after-hours contact when it is escalated. Made in the alert's
    own transaction, so a crash cannot lose it; sent by any worker within seconds; its outcome
    (never any text) is kept and audited."""

    __tablename__ = "alert_notice"
    __table_args__ = (sa.Index("ix_alert_notice_status_created", "status", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    key: str = Field(max_length=160, unique=True)  # "<why>:<alert or hold>:<user or email>"
    # Exactly one of the two: a risk alert, or a safety hold in a support group.
    alert_id: uuid.UUID | None = Field(default=None, foreign_key="risk_alert.id", index=True)
    safety_alert_id: uuid.UUID | None = Field(
        default=None, foreign_key="group_safety_alert.id", index=True
    )
    why: str = Field(max_length=12)  # "new", "after_hours" or "escalated"
    user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")  # a staff member
    email: str = Field(max_length=254)  # where the email goes
    # pending -> sending -> sent (pushed to a device) / emailed (no device took it) / failed
    status: str = Field(default="pending", max_length=10)
    claimed_by: str = Field(default="", max_length=64)
    claimed_at: datetime | None = utc_field(optional=True)
    devices_reached: int = Field(default=0)
    pushed_at: datetime | None = utc_field(optional=True)
    emailed_at: datetime | None = utc_field(optional=True)
    created_at: datetime = utc_field()


class QuestionnaireAssignment(SQLModel, table=True):
    """A clinician asks for a questionnaire on a schedule, e.g. PHQ-9 every 14 days."""

    __tablename__ = "questionnaire_assignment"
    __table_args__ = (sa.Index("ix_assignment_patient_active", "patient_id", "active"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    instrument: str = Field(max_length=16)
    every_days: int
    assigned_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = created_at_field()
    active: bool = True


class ThoughtRecord(SQLModel, table=True):
    """A thought record (CBT), in the patient's journal; the care team sees it only if shared."""

    __tablename__ = "thought_record"
    __table_args__ = (sa.Index("ix_thought_record_patient", "patient_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    patient_id: uuid.UUID = Field(foreign_key="patient.id")
    situation: str = Field(default="", max_length=1000)
    thought: str = Field(default="", max_length=1000)
    feeling: str = Field(default="", max_length=300)
    evidence_for: str = Field(default="", max_length=1000)
    evidence_against: str = Field(default="", max_length=1000)
    balanced: str = Field(default="", max_length=1000)
    shared: bool = False
    created_at: datetime = created_at_field()
