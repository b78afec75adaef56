"""`portal backup`, `portal backup verify FILE`, `portal backup new-key FILE` and
`portal restore FILE` (services/operations/backup.py says what a backup holds)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from portal_app.db import session_scope
from portal_app.services.common import audit
from portal_app.services.common.migrations import known_revisions
from portal_app.services.operations.backup import (
    Install,
    make_backup,
    restore,
    summary_lines,
    verify,
)
from portal_app.services.operations.database_copy import ToolFailed
from portal_app.services.operations.sealed import BackupProblem, read_key, write_new_key
from portal_app.settings import SECRET_FILE_NAME, PortalSettings, get_settings


def _say_problem(command: str, problem: Exception) -> int:
    print(f"portal {command}: {problem}", file=sys.stderr)
    return 2


def cmd_backup(_args: argparse.Namespace) -> int:
    """A sealed backup of the database and keys into PORTAL_BACKUP_DIR."""
    settings = get_settings()
    assert settings.backup_dir is not None and settings.secret_key is not None
    install = Install(
        settings.sqlalchemy_url, settings.data_dir, settings.secret_key, settings.vapid_file
    )
    now = datetime.now(UTC)
    try:
        path, manifest = make_backup(
            install, read_key(settings.backup_key_file), settings.backup_dir, now
        )
    except (BackupProblem, ToolFailed) as problem:
        return _say_problem("backup", problem)
    with session_scope() as db:
        audit.record(db, "backup.made", now=now)
    print(f"Backup written: {path}")
    print("\n".join(summary_lines(manifest)))
    print("Copy it off this machine; keep the key apart from it.")
    return 0


def cmd_backup_verify(args: argparse.Namespace) -> int:
    """Read a backup through and check every byte, without restoring anything."""
    settings = get_settings()
    try:
        manifest = verify(Path(args.file), read_key(settings.backup_key_file))
    except (BackupProblem, FileNotFoundError) as problem:
        return _say_problem("backup verify", problem)
    print(f"{args.file}: complete and unchanged.")
    print("\n".join(summary_lines(manifest)))
    return 0


def cmd_backup_new_key(args: argparse.Namespace) -> int:
    try:
        write_new_key(Path(args.file))
    except BackupProblem as problem:
        return _say_problem("backup new-key", problem)
    print(f"New backup key in {args.file} (only this user can read it).")
    print("Keep a copy somewhere safe away from this machine: without it, no backup opens.")
    return 0


def _restore_target() -> Install:
    """Where a restore goes, from the same settings as ever, except the secret: the target
    must not have one of its own yet (the backup brings the install's own)."""
    settings = PortalSettings(env="dev")  # no refusal of a missing secret: it comes next
    own = os.environ.get("PORTAL_SECRET_KEY", "")
    secret_file = settings.data_dir / SECRET_FILE_NAME
    if not own and secret_file.exists():
        own = secret_file.read_text().strip()
    return Install(settings.sqlalchemy_url, settings.data_dir, own, settings.vapid_file)


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup into an empty database and data folder, then compare it."""
    target = _restore_target()
    try:
        key = read_key(PortalSettings(env="dev").backup_key_file)
        restored = restore(Path(args.file), key, target, known_revisions())
    except (BackupProblem, ToolFailed, FileNotFoundError) as problem:
        return _say_problem("restore", problem)
    print("\n".join(summary_lines(restored.manifest)))
    if restored.differences:
        differ = ", ".join(restored.differences)
        print(f"portal restore: these tables differ from the backup: {differ}", file=sys.stderr)
        return 1
    print("Restored: every table has the rows and checksum the backup lists.")
    print("Next: `portal migrate` (if this code is newer), then `portal audit verify`.")
    return 0
