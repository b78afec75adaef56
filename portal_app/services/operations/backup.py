"""`portal backup`, `portal backup verify` and `portal restore`: exact copies that restore.

A backup is one sealed file (sealed.py) holding a tar stream: `manifest.json` first (format,
portal version, migration head, rows and a checksum per table, size and SHA-256 of every
file), then the database (database_copy.py), then the keys the data needs: the install
secret (sessions, sign-in links, the encrypted sign-in settings) and the Web Push key.
Uploaded files live in the database, so they are in it too. Verify reads it all through,
checking every tag and checksum, without touching anything. Restore goes only into an empty
database and data folder, checks every file before using it, and compares the restored
tables with the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from portal_app.services.operations import database_copy as copies
from portal_app.services.operations.sealed import BackupProblem, SealedReader, SealedWriter

Manifest = dict[str, Any]

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
SECRET, VAPID = "keys/secret.key", "keys/vapid.pem"
READ = 1 << 20


@dataclass(frozen=True)
class Install:
    """What is backed up and where a restore goes: the settings' own values."""

    database_url: str
    data_dir: Path
    secret_key: str
    vapid_file: Path | None


@dataclass
class Restored:
    manifest: dict[str, Any]
    differences: list[str] = field(default_factory=list)  # tables not as the manifest says


def portal_version() -> str:
    try:
        return version("steady-portal")
    except PackageNotFoundError:  # run from a checkout that was not installed
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(READ):
            digest.update(block)
    return digest.hexdigest()


def _private(path: Path, data: bytes) -> None:
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(data)


def make_backup(install: Install, key: bytes, folder: Path, now: datetime) -> tuple[Path, Manifest]:
    """Write steady-<time>.backup into `folder`; returns its path and manifest."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    kind = copies.kind_of(install.database_url)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".making-") as work_dir:
        work = Path(work_dir)
        members = {DATABASE[kind]: work / "database"}
        if kind == "sqlite":
            tables, head = copies.copy_sqlite(install.database_url, members[DATABASE[kind]])
        else:
            tables, head = copies.dump_postgres(install.database_url, members[DATABASE[kind]])
        members[SECRET] = work / "secret"
        _private(members[SECRET], install.secret_key.encode())
        if install.vapid_file is not None and install.vapid_file.exists():
            members[VAPID] = work / "vapid"
            shutil.copyfile(install.vapid_file, members[VAPID])
        manifest = {
            "format": FORMAT,
            "portal_version": portal_version(),
            "made_at": now.isoformat(timespec="seconds"),
            "database": kind,
            "migration_head": head,
            "tables": tables,
            "files": {
                name: {"bytes": path.stat().st_size, "sha256": _sha256(path)}
                for name, path in members.items()
            },
        }
        target = folder / f"steady-{now:%Y%m%dT%H%M%SZ}.backup"
        partial = work / "sealing"
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            sealed = SealedWriter(raw, key)
            with tarfile.open(fileobj=sealed, mode="w|") as tar:  # type: ignore[call-overload]
                _add(tar, MANIFEST, io.BytesIO(json.dumps(manifest, indent=1).encode()))
                for name, path in members.items():
                    with path.open("rb") as source:
                        _add(tar, name, source, path.stat().st_size)
            sealed.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)  # never a half-written file under the backup's name
    return target, manifest


def _add(tar: tarfile.TarFile, name: str, source: IO[bytes], size: int | None = None) -> None:
    info = tarfile.TarInfo(name)
    info.size = size if size is not None else len(source.getbuffer())  # type: ignore[attr-defined]
    info.mode = 0o600
    tar.addfile(info, source)


def _members(path: Path, key: bytes) -> Iterator[tuple[Manifest, tarfile.TarInfo, IO[bytes]]]:
    """The manifest, then each member with its contents, as they come off the sealed file."""
    with path.open("rb") as raw:
        try:
            reader = SealedReader(raw, key)
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                manifest: Manifest | None = None
                for info in tar:
                    contents = tar.extractfile(info)
                    if contents is None:
                        raise BackupProblem("The backup file holds something unexpected.")
                    if manifest is None:
                        if info.name != MANIFEST:
                            raise BackupProblem("The backup file has no manifest.")
                        manifest = json.loads(contents.read())
                        _check_format(manifest)
                        continue
                    yield manifest, info, contents
                if manifest is None:
                    raise BackupProblem("The backup file is empty.")
                while reader.read(READ):  # to the sealed end: its last tag, no extra bytes
                    pass
                yield manifest, tarfile.TarInfo(""), io.BytesIO()  # the end: nothing left
        except tarfile.TarError:
            raise BackupProblem("The backup file is damaged. Use another copy.") from None


def _check_format(manifest: Manifest) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupProblem("This backup was made by another Steady version's format.")


def _take(info: tarfile.TarInfo, contents: IO[bytes], manifest: Manifest, into: Path | None) -> str:
    """Read one member through (into a file when restoring); refuse it unless it is exactly
    what the manifest says. Returns its name."""
    expected = manifest["files"].get(info.name)
    if expected is None:
        raise BackupProblem(
            f"The backup file holds {info.name!r}, which its manifest does not list."
        )
    digest, size = hashlib.sha256(), 0
    out = into.open("wb") if into is not None else None
    try:
        while block := contents.read(READ):
            digest.update(block)
            size += len(block)
            if out is not None:
                out.write(block)
    finally:
        if out is not None:
            out.close()
    if (size, digest.hexdigest()) != (expected["bytes"], expected["sha256"]):
        raise BackupProblem(f"{info.name} in the backup does not match its checksum.")
    return info.name


def verify(path: Path, key: bytes) -> Manifest:
    """Every byte read and checked; returns the manifest. Raises BackupProblem otherwise."""
    seen: set[str] = set()
    manifest: Manifest = {}
    for manifest, info, contents in _members(path, key):
        if info.name:
            seen.add(_take(info, contents, manifest, None))
    _all_there(manifest, seen)
    return manifest


def _all_there(manifest: Manifest, seen: set[str]) -> None:
    missing = sorted(set(manifest["files"]) - seen)
    if missing:
        raise BackupProblem(f"The backup file is missing {', '.join(missing)}. Use another copy.")


def restore(path: Path, key: bytes, install: Install, known_heads: set[str]) -> Restored:
    """Into an empty database and a data folder without keys; the restored tables are then
    compared with the manifest (`Restored.differences` lists any that differ)."""
    kind = copies.kind_of(install.database_url)
    if not copies.is_empty(install.database_url):
        raise BackupProblem("The database to restore into is not empty. Restore into a new one.")
    install.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=install.data_dir, prefix=".restoring-") as work_dir:
        work, seen = Path(work_dir), set[str]()
        manifest: Manifest = {}
        for manifest, info, contents in _members(path, key):
            if manifest["database"] != kind:
                made_of = manifest["database"]
                raise BackupProblem(f"This backup is of a {made_of} database; this uses {kind}.")
            if manifest["migration_head"] not in known_heads:
                raise BackupProblem(
                    "This backup was made by a newer Steady. Upgrade this one first."
                )
            if info.name:
                seen.add(_take(info, contents, manifest, work / info.name.replace("/", "_")))
        _all_there(manifest, seen)
        _place_keys(work, install)
        dump = work / DATABASE[kind]
        if kind == "sqlite":
            target = copies.sqlite_file(install.database_url)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(dump, target)  # the database may live on another disk
        else:
            copies.restore_postgres(install.database_url, dump)
    tables, _head = copies.describe(install.database_url)
    differences = [
        name
        for name in sorted(set(tables) | set(manifest["tables"]))
        if tables.get(name) != manifest["tables"].get(name)
    ]
    return Restored(manifest, differences)


def _place_keys(work: Path, install: Install) -> None:
    """The install secret goes to the data folder (unless this install sets another one
    itself, which would lock the restored people out); the push key beside it."""
    secret = (work / SECRET.replace("/", "_")).read_bytes()
    if install.secret_key and install.secret_key.encode() != secret:
        raise BackupProblem(
            "This install has its own secret key (PORTAL_SECRET_KEY or secret.key), not the "
            "one in the backup. Remove it, so the backup's own key is used."
        )
    _private(install.data_dir / "secret.key", secret)
    vapid = work / VAPID.replace("/", "_")
    if vapid.exists() and install.vapid_file is not None:
        if install.vapid_file.exists():
            raise BackupProblem(
                f"{install.vapid_file} already exists. Restore into an empty folder."
            )
        _private(install.vapid_file, vapid.read_bytes())


def summary_lines(manifest: Manifest) -> list[str]:
    rows = sum(int(t["rows"]) for t in manifest["tables"].values())
    size = sum(int(f["bytes"]) for f in manifest["files"].values())
    return [
        f"made:            {manifest['made_at']} by Steady {manifest['portal_version']}",
        f"database:        {manifest['database']}, migration {manifest['migration_head']}",
        f"tables:          {len(manifest['tables'])}, {rows:,} rows",
        f"files:           {', '.join(sorted(manifest['files']))} ({size:,} bytes)",
    ]
