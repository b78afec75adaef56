"""Apply Alembic migrations from code, so `make run`, the CLI and tests share one path."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from portal_app.db import get_engine

ALEMBIC_INI = Path(__file__).resolve().parents[3] / "alembic.ini"


def upgrade_database(engine: Engine | None = None, revision: str = "head") -> None:
    """Bring the schema up to the newest migration (a no-op when it already is); the upgrade
    test stops at an older `revision` first."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["engine"] = engine or get_engine()
    command.upgrade(config, revision)


def known_revisions() -> set[str]:
    """Every migration this code knows: a backup made at any of them can be restored here
    (and brought up to date by `portal migrate`)."""
    scripts = ScriptDirectory.from_config(Config(str(ALEMBIC_INI)))
    return {revision.revision for revision in scripts.walk_revisions()}


def newest_revision() -> str:
    """This code's migration head: what `portal migrate` brings a database to."""
    head = ScriptDirectory.from_config(Config(str(ALEMBIC_INI))).get_current_head()
    assert head is not None
    return head
