"""passkey challenges: who asked (hashed), to cap them per address; expiry indexed for clean-up

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('passkey_challenge', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('requested_from', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_index(
            batch_op.f('ix_passkey_challenge_requested_from'), ['requested_from'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_passkey_challenge_expires_at'), ['expires_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('passkey_challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passkey_challenge_expires_at'))
        batch_op.drop_index(batch_op.f('ix_passkey_challenge_requested_from'))
        batch_op.drop_column('requested_from')
