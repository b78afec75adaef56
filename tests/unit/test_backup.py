"""Backups: what goes in comes back exactly (a live WAL database included), and a backup that
was changed, cut off or sealed with another key is refused with a plain message."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from portal_app.cli import main
from portal_app.services.operations.backup import Install, make_backup, restore, verify
from portal_app.services.operations.database_copy import describe
from portal_app.services.operations.sealed import BackupProblem, new_key, read_key, write_new_key

SECRET = "s" * 48
MARK = "Zebracorn-visible-only-when-not-sealed"
NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
HEADS = {"0029"}


def live_database(folder: Path) -> tuple[Install, sqlite3.Connection]:
    """A WAL database still open by its writer, its newest rows only in the -wal file."""
    folder.mkdir(parents=True)
    path = folder / "portal.db"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # nothing moves into the main file
    writer.execute("CREATE TABLE alembic_version (version_num TEXT PRIMARY KEY)")
    writer.execute("INSERT INTO alembic_version VALUES ('0029')")
    writer.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, data BLOB)")
    writer.commit()
    blob = bytes(range(256)) * 10_000  # 2.5 MB: several sealed chunks
    writer.executemany(
        "INSERT INTO note (body, data) VALUES (?, ?)", [(f"{MARK} {n}", blob) for n in range(3)]
    )
    writer.commit()
    (folder / "vapid.pem").write_text("push key")
    return Install(f"sqlite:///{path}", folder, SECRET, folder / "vapid.pem"), writer


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, bytes, dict]:
    install, writer = live_database(tmp_path / "live")
    assert (tmp_path / "live" / "portal.db-wal").stat().st_size > 2_000_000  # really in the WAL
    key = read_key(_key_file(tmp_path))
    path, manifest = make_backup(install, key, tmp_path / "backups", NOW)
    writer.close()
    return path, key, manifest


def _key_file(folder: Path) -> Path:
    write_new_key(folder / "backup.key")
    return folder / "backup.key"


def test_what_was_backed_up_is_restored_exactly(made, tmp_path: Path) -> None:
    path, key, manifest = made
    assert path.name == "steady-20261206T050000Z.backup"
    assert MARK.encode() not in path.read_bytes()  # sealed, not just packed
    assert path.stat().st_mode & 0o077 == 0  # and readable by the portal's user only
    assert manifest["tables"]["note"]["rows"] == 3
    assert manifest["migration_head"] == "0029"
    assert verify(path, key) == manifest

    empty = tmp_path / "restored"
    target = Install(f"sqlite:///{empty / 'portal.db'}", empty, "", empty / "vapid.pem")
    restored = restore(path, key, target, HEADS)
    assert restored.differences == []
    rows = sqlite3.connect(empty / "portal.db").execute("SELECT body FROM note").fetchall()
    assert rows == [(f"{MARK} {n}",) for n in range(3)]
    assert (empty / "secret.key").read_text() == SECRET
    assert (empty / "vapid.pem").read_text() == "push key"
    assert (empty / "secret.key").stat().st_mode & 0o077 == 0  # the portal's user only


@pytest.mark.parametrize(
    ("harm", "said"),
    [
        (lambda b: b[:5000] + bytes([b[5000] ^ 1]) + b[5001:], "damaged"),
        (lambda b: b[:-200], "cut off"),
        (lambda b: b[: len(b) // 2], "cut off"),
        (lambda b: b + b"more", "extra bytes"),
        (lambda b: b"not a backup at all", "not a Steady backup"),
    ],
)
def test_a_harmed_backup_is_refused_plainly(made, tmp_path: Path, harm, said: str) -> None:
    path, key, _manifest = made
    harmed = tmp_path / "harmed.backup"
    harmed.write_bytes(harm(path.read_bytes()))
    with pytest.raises(BackupProblem, match=said):
        verify(harmed, key)


def test_another_key_is_told_apart_from_damage(made, tmp_path: Path) -> None:
    path, _key, _manifest = made
    other = tmp_path / "other.key"
    other.write_text(new_key())
    with pytest.raises(BackupProblem, match="another key"):
        verify(path, read_key(other))


def test_a_restore_never_mixes_into_data_in_use(made, tmp_path: Path) -> None:
    path, key, _manifest = made
    busy, _writer = live_database(tmp_path / "busy")
    with pytest.raises(BackupProblem, match="not empty"):
        restore(path, key, busy, HEADS)
    empty = tmp_path / "own-secret"
    own = Install(f"sqlite:///{empty / 'portal.db'}", empty, "another secret", None)
    with pytest.raises(BackupProblem, match="own secret key"):
        restore(path, key, own, HEADS)
    with pytest.raises(BackupProblem, match="newer Steady"):
        fresh = tmp_path / "fresh"
        restore(path, key, Install(f"sqlite:///{fresh / 'p.db'}", fresh, "", None), {"0001"})


def test_the_command_says_what_to_do_without_a_key(
    tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from portal_app.settings import get_settings

    monkeypatch.delenv("PORTAL_BACKUP_KEY_FILE", raising=False)
    get_settings.cache_clear()
    assert main(["backup"]) == 2
    assert "portal backup new-key FILE" in capsys.readouterr().err
    assert main(["backup", "new-key", str(tmp_path / "k")]) == 0
    assert main(["backup", "new-key", str(tmp_path / "k")]) == 2  # never replaced
    assert main(["backup", "verify", str(tmp_path / "missing.backup")]) == 2


def test_the_tables_checksum_sees_one_changed_value(tmp_path: Path) -> None:
    """What the restore's comparison rests on: same rows, one value changed, another sum."""
    install, writer = live_database(tmp_path / "db")
    before, _head = describe(install.database_url)
    writer.execute("UPDATE note SET body = 'changed' WHERE id = 2")
    writer.commit()
    after, _head = describe(install.database_url)
    writer.close()
    assert before["note"]["rows"] == after["note"]["rows"] == 3
    assert before["note"]["sha256"] != after["note"]["sha256"]
    assert before["alembic_version"] == after["alembic_version"]
