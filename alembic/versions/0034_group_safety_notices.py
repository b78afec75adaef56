"""a support group's safety hold is told like a risk alert: alert_notice may point at a
group_safety_alert instead of a risk_alert, and a hold remembers when on call was told

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alert_notice") as batch:
        batch.alter_column("alert_id", existing_type=sa.Uuid(), nullable=True)
        batch.add_column(sa.Column("safety_alert_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_alert_notice_safety_alert_id", "group_safety_alert", ["safety_alert_id"], ["id"]
        )
        batch.create_index("ix_alert_notice_safety_alert_id", ["safety_alert_id"])
    with op.batch_alter_table("group_safety_alert") as batch:
        batch.add_column(sa.Column("on_call_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("group_safety_alert") as batch:
        batch.drop_column("on_call_since")
    op.execute("DELETE FROM alert_notice WHERE alert_id IS NULL")
    with op.batch_alter_table("alert_notice") as batch:
        batch.drop_index("ix_alert_notice_safety_alert_id")
        batch.drop_constraint("fk_alert_notice_safety_alert_id", type_="foreignkey")
        batch.drop_column("safety_alert_id")
        batch.alter_column("alert_id", existing_type=sa.Uuid(), nullable=False)
