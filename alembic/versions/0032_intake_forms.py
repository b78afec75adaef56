"""intake forms a clinic builds, and each patient's answers to one

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intake_form",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=False),
        sa.Column("title_en", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("title_es", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinic.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_intake_form_clinic_status", "intake_form", ["clinic_id", "status"])
    op.create_table(
        "intake_response",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("form_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["form_id"], ["intake_form.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_id", "patient_id", name="uq_intake_once"),
    )
    op.create_index("ix_intake_response_patient_id", "intake_response", ["patient_id"])


def downgrade() -> None:
    op.drop_index("ix_intake_response_patient_id", table_name="intake_response")
    op.drop_table("intake_response")
    op.drop_index("ix_intake_form_clinic_status", table_name="intake_form")
    op.drop_table("intake_form")
