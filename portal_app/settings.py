"""One settings object for the whole portal, read from PORTAL_* environment variables.

It refuses to run in production with a missing or well-known secret, because a guessable
secret would let anyone forge sign-in links and sessions.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-never-use-in-production-0000"  # noqa: S105 - refused in prod
SECRET_FILE_NAME = "secret.key"  # noqa: S105 - a file name, not a secret


class InsecureSettingsError(RuntimeError):
    """Raised when production settings would put patients' data at risk."""


class StorageSettings(BaseSettings):
    """Where the portal keeps its files: readable before any secret exists (for `portal setup`)."""

    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path.cwd() / "data")


class PortalSettings(StorageSettings):
    """Deployment settings; every field can be set as PORTAL_<NAME>."""

    env: Literal["dev", "prod"] = "dev"
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: str | None = None
    public_origin: str = "http://localhost:3000"
    quick_exit_url: str = "https://www.google.com/"
    smtp_url: str | None = None
    default_clinic_slug: str = "steady-demo"
    websocket_max_bytes: int = 64 * 1024
    # Web Push: the VAPID key file (made by `portal vapid-keys`, kept out of the repository),
    # the contact push services see, and extra push hosts allowed (comma-separated, tests only).
    vapid_file: Path | None = None
    vapid_subject: str = "mailto:no-reply@steady.invalid"
    push_extra_hosts: str = ""
    # Send reminders from the app process itself; turn off when `portal worker`s do it.
    reminders_in_process: bool = True
    # Reverse proxies in front of the portal (nginx, a load balancer): the client address is
    # then read from X-Forwarded-For, that many hops from its end. 0: no proxy, ignore it.
    trusted_proxy_hops: int = Field(default=0, ge=0, le=5)
    # Backups (`portal backup`): the key file that seals them (keep a copy off this machine)
    # and the folder they are written to (default: <data_dir>/backups).
    backup_key_file: Path | None = None
    backup_dir: Path | None = None
    # Questionnaire texts a clinic holds a licence for and the project may not ship (EPDS):
    # <this folder>/<id>.json (docs/measures.md). Default: <data_dir>/licensed.
    licensed_texts_dir: Path | None = None
    # /metrics answers loopback, or `Authorization: Bearer <this>` (32+ random characters).
    metrics_token: str | None = None
    # How much the portal's own log says: INFO includes each reminder round that sent anything.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "json": one JSON object per line with a request id, for a log collector.
    log_format: Literal["text", "json"] = "text"

    @model_validator(mode="after")
    def _fill_defaults(self) -> PortalSettings:
        if self.database_url is None:
            self.database_url = f"sqlite:///{self.data_dir / 'portal.db'}"
        if self.vapid_file is None:
            self.vapid_file = self.data_dir / "vapid.pem"
        if self.backup_dir is None:
            self.backup_dir = self.data_dir / "backups"
        if self.licensed_texts_dir is None:
            self.licensed_texts_dir = self.data_dir / "licensed"
        if self.secret_key is None:
            secret_file = self.data_dir / SECRET_FILE_NAME
            if secret_file.exists():
                self.secret_key = secret_file.read_text().strip()
        if self.env == "prod":
            _refuse_weak_secret(self.secret_key)
        elif self.secret_key is None:
            self.secret_key = DEV_SECRET
        return self

    @property
    def api_url_for_build(self) -> str:
        """The backend address built into the frontend, with "localhost" as its hostname:
        Reflex's frontend then connects to whatever hostname the page was loaded from (over
        wss at the default port when the page is https), so one build serves every clinic's
        hostname (services/clinic/tenancy.py)."""
        parts = urlsplit(self.public_origin)
        netloc = f"localhost:{parts.port}" if parts.port else "localhost"
        return urlunsplit((parts.scheme, netloc, "", "", ""))

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with the psycopg 3 driver named, as SQLAlchemy needs it."""
        url = str(self.database_url)
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @property
    def push_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in self.push_extra_hosts.split(",") if h.strip())

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")


def _refuse_weak_secret(secret: str | None) -> None:
    if not secret or secret == DEV_SECRET or len(secret) < 32:
        raise InsecureSettingsError(
            "PORTAL_SECRET_KEY must be set to at least 32 random characters in production "
            "(run `portal setup` to create one in the data directory)."
        )


def ensure_secret_file(data_dir: Path) -> Path:
    """Create the data directory's secret once, readable only by the portal's user."""
    data_dir.mkdir(parents=True, exist_ok=True)
    secret_file = data_dir / SECRET_FILE_NAME
    if not secret_file.exists():
        secret_file.touch(mode=0o600)
        secret_file.write_text(secrets.token_urlsafe(48))
    return secret_file


@lru_cache(maxsize=1)
def get_settings() -> PortalSettings:
    """The process-wide settings (cached; tests clear the cache to change them)."""
    return PortalSettings()
