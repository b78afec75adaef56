"""`portal doctor`: each check passes on a well set-up install and, when something is wrong,
says what and what to do; against real parts (the run's database, a real SMTP server, real
files and their permissions)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from portal_app.db import get_engine
from portal_app.services.common.migrations import newest_revision, upgrade_database
from portal_app.services.medication.push import create_vapid_keys, load_vapid
from portal_app.services.operations import doctor
from portal_app.services.operations.database_copy import kind_of
from portal_app.settings import PortalSettings
from tests.unit.test_mail import free_port, smtp_server  # noqa: F401  (the fixture)

NOW = datetime.now(UTC)


def one(found: list[doctor.Finding]) -> doctor.Finding:
    (finding,) = found
    return finding


def test_a_production_install_passes_and_weak_settings_are_named(tmp_path: Path) -> None:
    good = PortalSettings(
        env="prod",
        data_dir=tmp_path,
        secret_key="s" * 48,
        public_origin="https://clinic.example.org",
    )
    assert all(f.ok for f in doctor.check_settings(good))
    plain_http = PortalSettings(
        env="prod",
        data_dir=tmp_path,
        secret_key="s" * 48,
        public_origin="http://clinic.example.org",
    )
    assert "https" in doctor.check_settings(plain_http)[0].fix
    secret_file = tmp_path / "secret.key"
    secret_file.write_text("s" * 48)
    secret_file.chmod(0o644)
    leaky = PortalSettings(
        env="prod", data_dir=tmp_path, public_origin="https://clinic.example.org"
    )
    said = next(f for f in doctor.check_settings(leaky) if f.topic == "secret")
    assert not said.ok and said.fix == f"chmod 600 {secret_file}"


def test_the_database_is_checked_for_its_migration(
    migrated_database: str, fresh_engine: Engine
) -> None:
    kind = kind_of(str(get_engine().url))
    assert one(doctor.check_database(get_engine(), newest_revision(), kind)).ok
    assert one(doctor.check_clock(get_engine(), kind, datetime.now(UTC))).ok
    empty = one(doctor.check_database(fresh_engine, newest_revision(), kind))
    assert not empty.ok and "no tables" in empty.said
    upgrade_database(fresh_engine, "0029")
    behind = one(doctor.check_database(fresh_engine, newest_revision(), kind))
    assert not behind.ok and "portal migrate" in behind.fix and "0029" in behind.said


def test_the_push_key_must_be_there_valid_and_private(tmp_path: Path) -> None:
    key = tmp_path / "vapid.pem"
    assert "portal vapid-keys" in one(doctor.check_push(key, load_vapid)).fix
    create_vapid_keys(key)
    assert one(doctor.check_push(key, load_vapid)).ok
    key.chmod(0o644)
    assert one(doctor.check_push(key, load_vapid)).fix == f"chmod 600 {key}"
    key.write_text("not a key")
    key.chmod(0o600)
    assert "not a key" in one(doctor.check_push(key, load_vapid)).said


def test_mail_is_tried_for_real(smtp_server) -> None:  # noqa: F811
    smtp_url, _inbox = smtp_server
    assert one(doctor.check_mail(smtp_url)).ok
    nobody = one(doctor.check_mail(f"smtp://127.0.0.1:{free_port()}"))
    assert not nobody.ok and "does not answer" in nobody.said
    assert "PORTAL_SMTP_URL" in one(doctor.check_mail(None)).fix


def test_disk_and_backups(tmp_path: Path) -> None:
    assert one(doctor.check_disk(tmp_path)).ok
    assert not one(doctor.check_disk(tmp_path, least_bytes=1 << 60)).ok
    key, folder = tmp_path / "backup.key", tmp_path / "backups"
    assert "new-key" in one(doctor.check_backups(key, folder, NOW)).fix
    key.write_text("k")
    assert "nightly" in one(doctor.check_backups(key, folder, NOW)).fix
    folder.mkdir()
    made = folder / "steady-20261206T020000Z.backup"
    made.write_bytes(b"sealed")
    assert one(doctor.check_backups(key, folder, NOW)).ok
    two_days_ago = (NOW - timedelta(days=2)).timestamp()  # NOW is when the file was read
    os.utime(made, (two_days_ago, two_days_ago))
    late = one(doctor.check_backups(key, folder, NOW))
    assert not late.ok and "48 hours old" in late.said


def test_the_command_lists_what_to_fix(
    migrated_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from portal_app.cli import main

    assert main(["doctor"]) == 1  # the test run is not a production install
    said = capsys.readouterr().out
    assert "FIX  mode" in said and "ok   database" in said and "thing(s) to fix" in said
