"""support groups: the groups a clinic runs, members by a display name, posts, reports and
safety holds

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "support_group",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=False),
        sa.Column("name", AutoString(length=120), nullable=False),
        sa.Column("purpose", AutoString(length=1000), nullable=False),
        sa.Column("schedule", AutoString(length=200), nullable=False),
        sa.Column("place", AutoString(length=200), nullable=False),
        sa.Column("video_link", AutoString(length=300), nullable=False),
        sa.Column("facilitator_id", sa.Uuid(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("audience", AutoString(length=12), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("status", AutoString(length=12), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinic.id"]),
        sa.ForeignKeyConstraint(["facilitator_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_support_group_clinic", "support_group", ["clinic_id", "status"])
    op.create_table(
        "group_member",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("display_name", AutoString(length=40), nullable=False),
        sa.Column("name_key", AutoString(length=40), nullable=False),
        sa.Column("status", AutoString(length=12), nullable=False),
        sa.Column("rules_accepted_at", WHEN, nullable=False),
        sa.Column("asked_at", WHEN, nullable=False),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("left_at", WHEN, nullable=True),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["support_group.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "user_id", name="uq_group_member_person"),
        sa.UniqueConstraint("group_id", "name_key", name="uq_group_member_name"),
    )
    op.create_index("ix_group_member_user_id", "group_member", ["user_id"])
    op.create_table(
        "group_post",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("reply_to", sa.Uuid(), nullable=True),
        sa.Column("body", AutoString(length=2000), nullable=False),
        sa.Column("status", AutoString(length=12), nullable=False),
        sa.Column("held_for", AutoString(length=12), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["support_group.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["group_member.id"]),
        sa.ForeignKeyConstraint(["reply_to"], ["group_post.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_group_post_group_created", "group_post", ["group_id", "created_at"])
    op.create_table(
        "group_report",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("resolved_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["group_post.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["group_member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id", "member_id", name="uq_group_report_once"),
    )
    op.create_index("ix_group_report_post_id", "group_report", ["post_id"])
    op.create_table(
        "group_safety_alert",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("opened_at", WHEN, nullable=False),
        sa.Column("acknowledged_at", WHEN, nullable=True),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("note", AutoString(length=2000), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["support_group.id"]),
        sa.ForeignKeyConstraint(["post_id"], ["group_post.id"]),
        sa.ForeignKeyConstraint(["acknowledged_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id"),
    )
    op.create_index(
        "ix_group_safety_alert_open", "group_safety_alert", ["group_id", "acknowledged_at"]
    )


def downgrade() -> None:
    for table, indexes in (
        ("group_safety_alert", ("ix_group_safety_alert_open",)),
        ("group_report", ("ix_group_report_post_id",)),
        ("group_post", ("ix_group_post_group_created",)),
        ("group_member", ("ix_group_member_user_id",)),
        ("support_group", ("ix_support_group_clinic",)),
    ):
        for index in indexes:
            op.drop_index(index, table_name=table)
        op.drop_table(table)
