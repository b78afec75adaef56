"""questionnaire_response.details: a scoring rule's whole result (PCL-5 clusters, AUDIT zone,
EPDS item 10), kept beside the total

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("questionnaire_response") as batch:
        batch.add_column(sa.Column("details", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("questionnaire_response") as batch:
        batch.drop_column("details")
