"""`portal doctor`: is this install set up to keep people's data safe and working? Each check
says what it found and, when something is wrong, what to do about it, in plain words."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from portal_app.services.common import mail
from portal_app.services.common.health import redis_ok
from portal_app.services.operations.database_copy import migration_head
from portal_app.settings import DEV_SECRET, SECRET_FILE_NAME, PortalSettings

MOST_CLOCK_DRIFT = timedelta(seconds=30)  # sign-in codes and links are timed
LEAST_FREE_BYTES = 2 * 1024**3
LEAST_FREE_SHARE = 0.10
NEWEST_BACKUP_AGE = timedelta(hours=36)


@dataclass(frozen=True)
class Finding:
    topic: str
    ok: bool
    said: str
    fix: str = ""


def _private(path: Path) -> bool:
    return not stat.S_IMODE(path.stat().st_mode) & 0o077


def check_settings(settings: PortalSettings) -> list[Finding]:
    found = []
    if settings.env != "prod":
        found.append(
            Finding(
                "mode",
                False,
                "PORTAL_ENV is dev: for trying only.",
                "Set PORTAL_ENV=prod before patients use it.",
            )
        )
    elif not settings.public_origin.startswith("https://"):
        found.append(
            Finding(
                "mode",
                False,
                f"PORTAL_PUBLIC_ORIGIN is {settings.public_origin}.",
                "Serve it over https (deploy/nginx) and set PORTAL_PUBLIC_ORIGIN=https://…",
            )
        )
    else:
        found.append(Finding("mode", True, f"production, at {settings.public_origin}"))
    secret = settings.secret_key or ""
    secret_file = settings.data_dir / SECRET_FILE_NAME
    if secret == DEV_SECRET or len(secret) < 32:
        found.append(
            Finding(
                "secret",
                False,
                "The install secret is missing, known or short.",
                "Run `portal setup`, or set PORTAL_SECRET_KEY to 48+ random characters.",
            )
        )
    elif secret_file.exists() and not _private(secret_file):
        found.append(
            Finding(
                "secret",
                False,
                f"{secret_file} can be read by other users.",
                f"chmod 600 {secret_file}",
            )
        )
    else:
        found.append(Finding("secret", True, "strong, and readable only by the portal's user"))
    if settings.metrics_token is not None and len(settings.metrics_token) < 32:
        found.append(
            Finding(
                "metrics", False, "PORTAL_METRICS_TOKEN is short.", "Use 32+ random characters."
            )
        )
    return found


def check_database(engine: Engine, newest: str, kind: str) -> list[Finding]:
    try:
        with engine.connect() as connection:
            head = migration_head(connection)
            journal = (
                connection.execute(text("PRAGMA journal_mode")).scalar()
                if kind == "sqlite"
                else "wal"
            )
    except Exception as problem:
        return [
            Finding(
                "database",
                False,
                f"cannot reach it ({type(problem).__name__}).",
                "Check PORTAL_DATABASE_URL and that the database server runs.",
            )
        ]
    if head is None:
        return [
            Finding(
                "database",
                False,
                "it has no tables yet.",
                "Run `portal setup` (a new install) or `portal restore FILE` (a backup).",
            )
        ]
    if head != newest:
        return [
            Finding(
                "database",
                False,
                f"at migration {head}, this Steady's newest is {newest}.",
                "Run `portal migrate` (back up first: `portal backup`).",
            )
        ]
    if str(journal).lower() != "wal":
        return [
            Finding(
                "database",
                False,
                f"SQLite journal mode is {journal}.",
                "Start the portal once: it turns on WAL.",
            )
        ]
    return [Finding("database", True, f"reachable, at migration {head} (the newest)")]


def check_clock(engine: Engine, kind: str, now: datetime) -> list[Finding]:
    if kind == "sqlite":
        return [
            Finding(
                "clock",
                True,
                f"{now:%Y-%m-%d %H:%M:%S} UTC (keep NTP on: codes and links are timed)",
            )
        ]
    with engine.connect() as connection:
        theirs = connection.execute(text("SELECT now()")).scalar_one()
    drift = abs(theirs - now)
    if drift > MOST_CLOCK_DRIFT:
        return [
            Finding(
                "clock",
                False,
                f"this machine and the database differ by {drift.total_seconds():.0f} s.",
                "Turn on time sync (NTP, e.g. systemd-timesyncd) on both machines.",
            )
        ]
    return [
        Finding("clock", True, f"agrees with the database within {drift.total_seconds():.1f} s")
    ]


def check_push(vapid_file: Path | None, load: Callable[[Path], object]) -> list[Finding]:
    if vapid_file is None or not vapid_file.exists():
        return [
            Finding(
                "push",
                False,
                "No Web Push key: reminders cannot reach phones.",
                "Run `portal vapid-keys` (the same file on every host).",
            )
        ]
    try:
        load(vapid_file)
    except Exception:
        return [
            Finding(
                "push",
                False,
                f"{vapid_file} is not a key `portal vapid-keys` made.",
                "Put back the right file from a backup (with a new key, every phone must turn "
                "reminders on again).",
            )
        ]
    if not _private(vapid_file):
        return [
            Finding(
                "push",
                False,
                f"{vapid_file} can be read by other users.",
                f"chmod 600 {vapid_file}",
            )
        ]
    return [Finding("push", True, "Web Push key present and private")]


def check_mail(smtp_url: str | None) -> list[Finding]:
    if not smtp_url:
        return [
            Finding(
                "email",
                False,
                "No mail server: emails only go to the local outbox.",
                "Set PORTAL_SMTP_URL (smtp+starttls://user:pass@host:587).",
            )
        ]
    problem = mail.unreachable(smtp_url)
    if problem:
        return [
            Finding(
                "email",
                False,
                f"the mail server does not answer ({problem}).",
                "Check PORTAL_SMTP_URL, the password and the firewall.",
            )
        ]
    return [Finding("email", True, "the mail server answers and takes our sign-in")]


def check_redis(redis_url: str | None) -> list[Finding]:
    if not redis_url:
        return []
    if not redis_ok(redis_url):
        return [
            Finding(
                "redis",
                False,
                "Redis does not answer.",
                "Check PORTAL_REDIS_URL and that Redis runs.",
            )
        ]
    return [Finding("redis", True, "answers")]


def check_disk(
    folder: Path, least_bytes: int = LEAST_FREE_BYTES, least_share: float = LEAST_FREE_SHARE
) -> list[Finding]:
    usage = shutil.disk_usage(folder if folder.exists() else folder.parent)
    free_gb = usage.free / 1024**3
    if usage.free < least_bytes or usage.free < usage.total * least_share:
        return [
            Finding(
                "disk",
                False,
                f"only {free_gb:.1f} GB free where {folder} is.",
                "Free space or grow the disk before the database cannot write.",
            )
        ]
    return [Finding("disk", True, f"{free_gb:.1f} GB free")]


def check_backups(key_file: Path | None, folder: Path | None, now: datetime) -> list[Finding]:
    if key_file is None or not key_file.exists():
        return [
            Finding(
                "backups",
                False,
                "No backup key.",
                "Run `portal backup new-key FILE`, keep a copy elsewhere, and set "
                "PORTAL_BACKUP_KEY_FILE.",
            )
        ]
    made = sorted(folder.glob("steady-*.backup")) if folder and folder.is_dir() else []
    if not made:
        return [
            Finding(
                "backups",
                False,
                "No backup made yet.",
                "Run `portal backup` nightly (deploy/systemd/steady-backup.timer).",
            )
        ]
    newest = datetime.fromtimestamp(made[-1].stat().st_mtime, UTC)
    if now - newest > NEWEST_BACKUP_AGE:
        hours = (now - newest).total_seconds() / 3600
        return [
            Finding(
                "backups",
                False,
                f"the newest backup is {hours:.0f} hours old.",
                "Check the nightly `portal backup` (journalctl -u steady-backup).",
            )
        ]
    return [Finding("backups", True, f"newest: {made[-1].name}")]
