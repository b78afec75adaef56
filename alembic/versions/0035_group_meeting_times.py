"""support_group.meets_weekday and meets_at: the weekly meeting time, for reminders

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06 11:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("support_group") as batch:
        batch.add_column(sa.Column("meets_weekday", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column(
                "meets_at",
                sqlmodel.sql.sqltypes.AutoString(length=5),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("support_group") as batch:
        batch.drop_column("meets_at")
        batch.drop_column("meets_weekday")
