"""no two live visits of one clinician overlap in time, enforced by the database; breaks
between visits in weekly hours

PostgreSQL: an exclusion constraint on (clinician, time range) for live visits (btree_gist).
SQLite: triggers that refuse an insert or update that would overlap.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "('requested', 'booked')"
SQLITE_CHECK = f"""
    SELECT RAISE(ABORT, 'visit_overlap')
    WHERE NEW.status IN {LIVE} AND EXISTS (
        SELECT 1 FROM appointment AS other
        WHERE other.clinician_id = NEW.clinician_id
          AND other.id != NEW.id
          AND other.status IN {LIVE}
          AND other.starts_at < NEW.ends_at
          AND NEW.starts_at < other.ends_at
    );
"""


def upgrade() -> None:
    with op.batch_alter_table('availability_rule', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('gap_minutes', sa.Integer(), nullable=False, server_default='0')
        )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS btree_gist')
        op.execute(
            'ALTER TABLE appointment ADD CONSTRAINT ex_appointment_clinician_no_overlap '
            'EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, ends_at) WITH &&) '
            f'WHERE (status IN {LIVE})'
        )
    else:
        op.execute(
            'CREATE TRIGGER tr_appointment_no_overlap_insert BEFORE INSERT ON appointment '
            f'BEGIN {SQLITE_CHECK} END'
        )
        op.execute(
            'CREATE TRIGGER tr_appointment_no_overlap_update BEFORE UPDATE OF starts_at, ends_at, '
            f'status, clinician_id ON appointment BEGIN {SQLITE_CHECK} END'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            'ALTER TABLE appointment DROP CONSTRAINT IF EXISTS ex_appointment_clinician_no_overlap'
        )
    else:
        op.execute('DROP TRIGGER IF EXISTS tr_appointment_no_overlap_insert')
        op.execute('DROP TRIGGER IF EXISTS tr_appointment_no_overlap_update')
    with op.batch_alter_table('availability_rule', schema=None) as batch_op:
        batch_op.drop_column('gap_minutes')
