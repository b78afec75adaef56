"""uploaded files' bytes in the database (stored_file), so every app host sees them

Files kept in the data folder by earlier versions (attachments/<id>, records/<id>,
records/draft-<id>) are copied in; the folder copies are left where they were (remove them
once the upgrade is checked).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 01:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from portal_app.settings import StorageSettings

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def upgrade() -> None:
    table = op.create_table(
        "stored_file",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    _copy_folder_files(table)


def _key_for(folder: str, name: str) -> str:
    if folder == "attachments":
        return "attachment/" + name
    if name.startswith("draft-"):
        return "record-draft/" + name.removeprefix("draft-")
    return "record/" + name


def _copy_folder_files(table: sa.Table) -> None:
    data_dir = StorageSettings().data_dir
    now = datetime.now(UTC)
    for folder in ("attachments", "records"):
        path = data_dir / folder
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else []
        for item in files:
            data = item.read_bytes()
            row = {"key": _key_for(folder, item.name), "data": data, "size": len(data)}
            op.bulk_insert(table, [{**row, "created_at": now}])


def downgrade() -> None:
    op.drop_table("stored_file")
