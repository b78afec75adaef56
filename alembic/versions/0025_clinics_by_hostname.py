"""several clinics on one install: each at its own hostname, an email unique per clinic,
and a Spanish after-hours line and a first language in the branding

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0025'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('clinic', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('hostname', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                'after_hours_phone_es',
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default='',
            )
        )
        batch_op.add_column(
            sa.Column(
                'default_language',
                sqlmodel.sql.sqltypes.AutoString(length=2),
                nullable=False,
                server_default='en',
            )
        )
        batch_op.create_index(batch_op.f('ix_clinic_hostname'), ['hostname'], unique=True)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_email'))
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=False)
        batch_op.create_unique_constraint('uq_user_clinic_email', ['clinic_id', 'email'])


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint('uq_user_clinic_email', type_='unique')
        batch_op.drop_index(batch_op.f('ix_user_email'))
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)
    with op.batch_alter_table('clinic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinic_hostname'))
        for name in ('default_language', 'after_hours_phone_es', 'hostname'):
            batch_op.drop_column(name)
