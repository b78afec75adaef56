"""A consistent copy of the database, and what it holds: rows and a checksum per table.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a live database page by
page under SQLite's own locking, what still sits in the WAL file included; a plain file copy
of a live WAL database can miss the newest writes or catch a half-written page.
PostgreSQL: `pg_dump` in its custom format, reading the very snapshot in which the rows were
counted and summed (`pg_export_snapshot`), so the manifest describes exactly what was dumped.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Connection, MetaData, Table, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

TableSummary = dict[str, dict[str, int | str]]  # table -> {"rows": n, "sha256": hex}


def kind_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def sqlite_file(url: str) -> Path:
    return Path(make_url(url).database or "")


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The address pg_dump understands, and the password kept out of the command line (any
    user of the machine can read command lines)."""
    parsed = make_url(url).set(drivername="postgresql")
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return parsed.set(password=None).render_as_string(hide_password=False), env


def summarise(connection: Connection) -> TableSummary:
    """Every table's row count and a SHA-256 of its rows in primary-key order. Two databases
    of the same kind with the same summary hold the same data."""
    found = inspect(connection)
    summary: TableSummary = {}
    for name in sorted(found.get_table_names()):
        table = Table(name, MetaData(), autoload_with=connection)
        keys = [table.c[c] for c in found.get_pk_constraint(name)["constrained_columns"]]
        ordered = select(table).order_by(*(keys or list(table.c)))
        digest, rows = hashlib.sha256(), 0
        for row in connection.execution_options(yield_per=1000).execute(ordered):
            digest.update(repr(tuple(row)).encode())
            rows += 1
        summary[name] = {"rows": rows, "sha256": digest.hexdigest()}
    return summary


def migration_head(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def copy_sqlite(url: str, target: Path) -> tuple[TableSummary, str | None]:
    """Copy the live database to `target` with the backup API, then describe the copy."""
    source = sqlite3.connect(sqlite_file(url), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return describe(f"sqlite:///{target}")


def describe(url: str) -> tuple[TableSummary, str | None]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return summarise(connection), migration_head(connection)
    finally:
        engine.dispose()


def dump_postgres(url: str, target: Path) -> tuple[TableSummary, str | None]:
    """pg_dump of the snapshot in which the summary was made (kept open until it is done)."""
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection, connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            summary, head = summarise(connection), migration_head(connection)
            address, env = _libpq(url)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={address}",
                ],
                env,
            )
    finally:
        engine.dispose()
    return summary, head


def restore_postgres(url: str, dump: Path) -> None:
    address, env = _libpq(url)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={address}",
            str(dump),
        ],
        env,
    )


def is_empty(url: str) -> bool:
    """No tables at all: a restore never mixes into a database in use."""
    if kind_of(url) == "sqlite" and not sqlite_file(url).exists():
        return True
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return not inspect(connection).get_table_names()
    finally:
        engine.dispose()


class ToolFailed(Exception):
    pass


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise ToolFailed(
            f"{command[0]} is not installed here (Debian: apt-get install postgresql-client)."
        ) from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ToolFailed(f"{command[0]} failed: {last}")
