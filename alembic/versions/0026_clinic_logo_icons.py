"""a clinic's logo, kept as the app icons made from it

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 00:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0026'
down_revision: str | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clinic_image',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('clinic_id', 'name')
    )
    with op.batch_alter_table('clinic_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinic_image_clinic_id'), ['clinic_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('clinic_image', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinic_image_clinic_id'))
    op.drop_table('clinic_image')
