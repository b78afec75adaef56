"""Upgrades keep data: a database at the previous release's migrations, with a row in every
table and the files that release kept in its data folder, is upgraded to this release's head
on this run's database (SQLite, or PostgreSQL on the scale-out run). Every row is still
there with every value it had, and the old folder files are in the database byte for byte.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from portal_app.services.common.migrations import upgrade_database

# The migration head of the last release (the last commit that landed: 2130cf0). Raise it to
# the new head at each release, so the next one is tested against this one.
PREVIOUS_RELEASE = "0024"
# What later migrations removed on purpose (none yet): "table" or "table.column".
REMOVED_ON_PURPOSE: set[str] = set()
WHEN = datetime(2026, 11, 30, 9, 15, 0, tzinfo=UTC)


def a_value(column: sa.Column[Any], made: dict[str, dict[str, Any]]) -> Any:
    """A plausible value of the column's type; a foreign key points at the row made for the
    table it refers to (tables are filled parents first)."""
    for key in column.foreign_keys:
        parent = made.get(key.column.table.name)
        if parent is not None:
            return parent[key.column.name]
        if column.nullable:
            return None
    kind = column.type
    if isinstance(kind, sa.Enum) and kind.enums:
        return kind.enums[0]
    try:
        python = kind.python_type
    except NotImplementedError:
        python = str
    if python is uuid.UUID:
        return uuid.uuid4()
    if python is bool:
        return True
    if python is int:
        return 7
    if python is float:
        return 1.5
    if python is datetime:
        return WHEN if getattr(kind, "timezone", False) else WHEN.replace(tzinfo=None)
    if python is date:
        return WHEN.date()
    if python is time:
        return time(9, 15)
    if python is bytes:
        return b"\x00\x01 old bytes"
    if python in (dict, list):
        return {"kept": "yes"}
    length = getattr(kind, "length", None) or 32
    return uuid.uuid4().hex[: min(length, 32)]  # fits a CHAR(32) id on SQLite too


def fill_every_table(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    """One row in every table the old schema has (tables a migration already filled keep
    theirs); returns each table's row as read back."""
    old = sa.MetaData()
    old.reflect(engine)
    rows: dict[str, dict[str, Any]] = {}
    with engine.begin() as connection:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0:
                values: dict[str, Any] = {}
                for column in table.columns:
                    values[column.name] = a_value(column, rows)
                connection.execute(table.insert().values(values))
            rows[table.name] = dict(connection.execute(sa.select(table)).mappings().first() or {})
    return rows


def read_back(engine: sa.Engine, table_name: str, row: dict[str, Any]) -> dict[str, Any] | None:
    table = sa.Table(table_name, sa.MetaData(), autoload_with=engine)
    keys = [c for c in table.primary_key.columns] or list(table.columns)
    where = [c == row[c.name] for c in keys if c.name in row]
    with engine.connect() as connection:
        found = connection.execute(sa.select(table).where(*where)).mappings().first()
    return dict(found) if found is not None else None


@pytest.fixture
def old_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    return tmp_path


def test_an_upgrade_from_the_previous_release_keeps_every_row_and_file(
    fresh_engine: sa.Engine, old_data_folder: Path
) -> None:
    upgrade_database(fresh_engine, PREVIOUS_RELEASE)
    before = fill_every_table(fresh_engine)
    assert len(before) > 40  # really every table of that release
    # Files that release kept in its data folder, named by their row's id.
    attachment = before["message_attachment"]["id"]
    document = before["shared_document"]["id"]
    draft = before["document_draft"]["id"]
    files = {
        f"attachments/{uuid.UUID(str(attachment)).hex}": b"%PDF-1.4 a message's paper",
        f"records/{uuid.UUID(str(document)).hex}": b"%PDF-1.4 a shared record",
        f"records/draft-{uuid.UUID(str(draft)).hex}": b"\x89PNG a draft",
    }
    for name, data in files.items():
        (old_data_folder / name).parent.mkdir(parents=True, exist_ok=True)
        (old_data_folder / name).write_bytes(data)

    upgrade_database(fresh_engine)

    lost, changed = [], []
    for table_name, row in before.items():
        if table_name in REMOVED_ON_PURPOSE:
            continue
        after = read_back(fresh_engine, table_name, row)
        if after is None:
            lost.append(table_name)
            continue
        changed += [
            f"{table_name}.{column}: {value!r} -> {after.get(column)!r}"
            for column, value in row.items()
            if f"{table_name}.{column}" not in REMOVED_ON_PURPOSE and after.get(column) != value
        ]
    assert lost == [] and changed == []

    stored = sa.Table("stored_file", sa.MetaData(), autoload_with=fresh_engine)
    with fresh_engine.connect() as connection:
        kept = dict(connection.execute(sa.select(stored.c.key, stored.c.data)).all())
    assert kept == {
        f"attachment/{uuid.UUID(str(attachment)).hex}": files[
            f"attachments/{uuid.UUID(str(attachment)).hex}"
        ],
        f"record/{uuid.UUID(str(document)).hex}": files[f"records/{uuid.UUID(str(document)).hex}"],
        f"record-draft/{uuid.UUID(str(draft)).hex}": files[
            f"records/draft-{uuid.UUID(str(draft)).hex}"
        ],
    }
