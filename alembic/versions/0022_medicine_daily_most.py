"""as-needed medicines: the most doses in one day, so more is flagged

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('medicine', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_per_day', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('medicine', schema=None) as batch_op:
        batch_op.drop_column('max_per_day')
