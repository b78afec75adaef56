"""`portal doctor`: checks the settings, secret, database, clock, push key, mail, Redis, disk
and backups of this install, and says what to fix (exit 1 when something needs it)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from portal_app.db import make_engine
from portal_app.services.common.migrations import newest_revision
from portal_app.services.medication.push import load_vapid
from portal_app.services.operations import doctor
from portal_app.services.operations.database_copy import kind_of, sqlite_file
from portal_app.settings import InsecureSettingsError, PortalSettings, get_settings


def _settings() -> tuple[PortalSettings, list[doctor.Finding]]:
    """The settings as the portal reads them; when production refuses them, the same read
    without the refusal, so everything else is still checked."""
    try:
        return get_settings(), []
    except InsecureSettingsError as refusal:
        settings = PortalSettings(env="dev")
        settings.env = "prod"
        return settings, [doctor.Finding("start", False, str(refusal), "Fix the secret below.")]


def findings() -> list[doctor.Finding]:
    settings, found = _settings()
    now = datetime.now(UTC)
    kind = kind_of(settings.sqlalchemy_url)
    if kind == "sqlite" and not sqlite_file(settings.sqlalchemy_url).exists():
        found += doctor.check_settings(settings)
        found.append(doctor.Finding("database", False, "there is none yet.", "Run `portal setup`."))
        return found + _the_rest(settings, now)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        found += doctor.check_settings(settings)
        found += doctor.check_database(engine, newest_revision(), kind)
        if found[-1].ok:
            found += doctor.check_clock(engine, kind, now)
    finally:
        engine.dispose()
    return found + _the_rest(settings, now)


def _the_rest(settings: PortalSettings, now: datetime) -> list[doctor.Finding]:
    return [
        *doctor.check_redis(settings.redis_url),
        *doctor.check_push(settings.vapid_file, load_vapid),
        *doctor.check_mail(settings.smtp_url),
        *doctor.check_disk(settings.data_dir),
        *doctor.check_backups(settings.backup_key_file, settings.backup_dir, now),
    ]


def cmd_doctor(_args: argparse.Namespace) -> int:
    found = findings()
    for finding in found:
        print(f"{'ok ' if finding.ok else 'FIX'}  {finding.topic:<9} {finding.said}")
        if finding.fix:
            print(f"{'':5}{'':<9} → {finding.fix}")
    needed = sum(1 for finding in found if not finding.ok)
    print("Everything checked is fine." if not needed else f"{needed} thing(s) to fix.")
    return 1 if needed else 0
