"""group_member.shared and shared_at: what a member chose to share with their group

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-06 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("group_member") as batch:
        batch.add_column(
            sa.Column(
                "shared",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )
        batch.add_column(sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("group_member") as batch:
        batch.drop_column("shared_at")
        batch.drop_column("shared")
