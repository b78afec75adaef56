"""risk alerts reach a person: alert notices (push and email per recipient), the clinic's
on-call clinician and after-hours contact

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'alert_notice',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column('alert_id', sa.Uuid(), nullable=False),
        sa.Column('why', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=True),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('devices_reached', sa.Integer(), nullable=False),
        sa.Column('pushed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['alert_id'], ['risk_alert.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    with op.batch_alter_table('alert_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_notice_alert_id'), ['alert_id'], unique=False)
        batch_op.create_index(
            'ix_alert_notice_status_created', ['status', 'created_at'], unique=False
        )
    with op.batch_alter_table('clinic', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_call_clinician_id', sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column(
                'after_hours_email',
                sqlmodel.sql.sqltypes.AutoString(length=254),
                nullable=False,
                server_default='',
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('clinic', schema=None) as batch_op:
        batch_op.drop_column('after_hours_email')
        batch_op.drop_column('on_call_clinician_id')
    with op.batch_alter_table('alert_notice', schema=None) as batch_op:
        batch_op.drop_index('ix_alert_notice_status_created')
        batch_op.drop_index(batch_op.f('ix_alert_notice_alert_id'))
    op.drop_table('alert_notice')
