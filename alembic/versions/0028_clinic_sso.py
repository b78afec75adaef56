"""staff sign-in through the clinic's identity provider

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0028'
down_revision: str | None = '0027'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clinic_sso',
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('client_secret_encrypted', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('group_claim', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('clinician_group', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('admin_group', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sso_only', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], ),
    sa.PrimaryKeyConstraint('clinic_id')
    )
    op.create_table('sso_attempt',
    sa.Column('state_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('code_verifier', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], ),
    sa.PrimaryKeyConstraint('state_hash')
    )
    with op.batch_alter_table('sso_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sso_attempt_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sso_subject', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('sso_subject')

    with op.batch_alter_table('sso_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sso_attempt_created_at'))

    op.drop_table('sso_attempt')
    op.drop_table('clinic_sso')
