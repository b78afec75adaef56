from __future__ import annotations

from pathlib import Path

import pytest

from portal_app.settings import (
    DEV_SECRET,
    InsecureSettingsError,
    PortalSettings,
    ensure_secret_file,
)


def test_production_refuses_a_missing_secret(tmp_path: Path) -> None:
    with pytest.raises(InsecureSettingsError):
        PortalSettings(env="prod", data_dir=tmp_path, secret_key=None)


@pytest.mark.parametrize("weak", [DEV_SECRET, "short", ""])
def test_production_refuses_a_known_or_short_secret(tmp_path: Path, weak: str) -> None:
    with pytest.raises(InsecureSettingsError):
        PortalSettings(env="prod", data_dir=tmp_path, secret_key=weak)


def test_production_reads_the_secret_file_setup_made(tmp_path: Path) -> None:
    secret_file = ensure_secret_file(tmp_path)
    assert secret_file.stat().st_mode & 0o777 == 0o600
    settings = PortalSettings(env="prod", data_dir=tmp_path, secret_key=None)
    assert settings.secret_key == secret_file.read_text().strip()
    assert len(settings.secret_key) >= 32


def test_the_secret_file_is_made_once(tmp_path: Path) -> None:
    first = ensure_secret_file(tmp_path).read_text()
    assert ensure_secret_file(tmp_path).read_text() == first


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = PortalSettings(data_dir=tmp_path, database_url=None)
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path / 'portal.db'}"
    assert settings.is_sqlite


def test_postgres_urls_get_the_psycopg_driver(tmp_path: Path) -> None:
    settings = PortalSettings(data_dir=tmp_path, database_url="postgres://u@h:5432/db")
    assert settings.sqlalchemy_url == "postgresql+psycopg://u@h:5432/db"
    assert not settings.is_sqlite
