"""patients' phone and emergency contact, so the care team can reach them from an alert

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 14:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ('phone', 32),
    ('emergency_name', 120),
    ('emergency_relation', 60),
    ('emergency_phone', 32),
)


def upgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(
                sa.Column(
                    name,
                    sqlmodel.sql.sqltypes.AutoString(length=length),
                    nullable=False,
                    server_default='',
                )
            )


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
