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
