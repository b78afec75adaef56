"""Migrations build exactly the schema the models describe, and can go down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import portal_app.models  # noqa: F401
from portal_app.services.common.migrations import ALEMBIC_INI, upgrade_database

TABLES = {"clinic", "user", "patient", "careteammembership"}


def test_upgrade_creates_the_tables(fresh_engine) -> None:
    upgrade_database(fresh_engine)
    assert set(sa.inspect(fresh_engine).get_table_names()) >= TABLES


def test_models_and_migrations_agree(fresh_engine) -> None:
    upgrade_database(fresh_engine)
    with fresh_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_to_nothing_and_back(fresh_engine) -> None:
    config = Config(str(ALEMBIC_INI))
    config.attributes["engine"] = fresh_engine
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert not TABLES & set(sa.inspect(fresh_engine).get_table_names())
    command.upgrade(config, "head")
    assert set(sa.inspect(fresh_engine).get_table_names()) >= TABLES


def test_files_kept_in_the_data_folder_move_into_the_database(
    fresh_engine, tmp_path, monkeypatch
) -> None:
    """An install from before 0029 kept uploads on one host's disk; upgrading copies them in,
    so every app host serves them."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["engine"] = fresh_engine
    command.upgrade(config, "0028")
    (tmp_path / "attachments").mkdir()
    (tmp_path / "records").mkdir()
    (tmp_path / "attachments" / ("a" * 32)).write_bytes(b"%PDF-photo")
    (tmp_path / "records" / ("b" * 32)).write_bytes(b"%PDF-paper")
    (tmp_path / "records" / f"draft-{'c' * 32}").write_bytes(b"%PDF-draft")
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    command.upgrade(config, "0029")
    with fresh_engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT key, data, size FROM stored_file")).all()
    assert sorted((k, bytes(d), s) for k, d, s in rows) == [
        ("attachment/" + "a" * 32, b"%PDF-photo", 10),
        ("record-draft/" + "c" * 32, b"%PDF-draft", 10),
        ("record/" + "b" * 32, b"%PDF-paper", 10),
    ]
