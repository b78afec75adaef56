"""clinics, people and care teams

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 22:50:50.494760
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clinic',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('logo_path', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('primary_color', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('accent_color', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('after_hours_phone', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('crisis_line', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('usual_reply_hours', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clinic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinic_slug'), ['slug'], unique=True)

    op.create_table('user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('role', sa.Enum('PATIENT', 'CAREGIVER', 'CLINICIAN', 'CLINIC_ADMIN', name='role'), nullable=False),
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('language', sa.Enum('ENGLISH', 'SPANISH', name='language'), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)
        batch_op.create_index(batch_op.f('ix_user_role'), ['role'], unique=False)

    op.create_table('patient',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('clinic_id', sa.Uuid(), nullable=False),
    sa.Column('preferred_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id')
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('careteammembership',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('clinician_id', sa.Uuid(), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinician_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('patient_id', 'clinician_id')
    )
    with op.batch_alter_table('careteammembership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_careteammembership_clinician_id'), ['clinician_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_careteammembership_patient_id'), ['patient_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('careteammembership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_careteammembership_patient_id'))
        batch_op.drop_index(batch_op.f('ix_careteammembership_clinician_id'))

    op.drop_table('careteammembership')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_clinic_id'))

    op.drop_table('patient')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_role'))
        batch_op.drop_index(batch_op.f('ix_user_email'))
        batch_op.drop_index(batch_op.f('ix_user_clinic_id'))

    op.drop_table('user')
    with op.batch_alter_table('clinic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinic_slug'))

    op.drop_table('clinic')
    # PostgreSQL keeps enum types after their tables are gone; drop them too.
    for enum_name in ("role", "language"):
        sa.Enum(name=enum_name).drop(op.get_bind(), checkfirst=True)
