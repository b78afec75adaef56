"""website embeds: allowed origins and visit requests

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 22:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "visit_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("contact_by", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("best_time", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("for_whom", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("client_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("handled_by", sa.Uuid(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinic.id"],
        ),
        sa.ForeignKeyConstraint(
            ["handled_by"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_request_client_key"), ["client_key"], unique=False
        )
        batch_op.create_index(
            "ix_visit_request_clinic_status", ["clinic_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_visit_request_created_at"), ["created_at"], unique=False
        )

    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "embed_origins",
                sqlmodel.sql.sqltypes.AutoString(length=1200),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.drop_column("embed_origins")

    with op.batch_alter_table("visit_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_request_created_at"))
        batch_op.drop_index("ix_visit_request_clinic_status")
        batch_op.drop_index(batch_op.f("ix_visit_request_client_key"))

    op.drop_table("visit_request")
