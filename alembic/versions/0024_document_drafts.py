"""files chosen for a patient's record wait as drafts until the clinician confirms sharing

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'document_draft',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('patient_id', sa.Uuid(), nullable=False),
        sa.Column('staged_by', sa.Uuid(), nullable=False),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id']),
        sa.ForeignKeyConstraint(['staged_by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('document_draft', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_document_draft_staged_by'), ['staged_by'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('document_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_draft_staged_by'))
    op.drop_table('document_draft')
