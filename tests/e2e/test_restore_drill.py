"""The restore drill, as an operator would do it after losing a machine: back up the run's
own database while its server is up (`portal backup`), check the file (`portal backup
verify`), restore it into an empty data folder and database (`portal restore`), compare
every table with the manifest, start the restored install (`portal serve`), sign a patient
in with their password, and verify the audit chain (`portal audit verify`). On the SQLite
run it backs up SQLite through the online backup API; on the PostgreSQL + Redis run,
PostgreSQL through pg_dump into a brand-new database.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from portal_app.services.clinic.demo_seed import DEMO_PASSWORD
from portal_app.services.identity.sessions import SESSION_COOKIE
from portal_app.services.operations.backup import verify
from portal_app.services.operations.sealed import read_key
from tests.e2e.conftest import free_port
from tests.e2e.raw_socket import SIGN_IN, VIEWER, RawClient
from tests.stack import SCALEOUT, as_driver_url, create_postgres_database, drop_postgres_database

PATIENT = "alex@example.org"


def portal(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "portal_app.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """Where the restore goes: a new SQLite file, or a new PostgreSQL database."""
    if not SCALEOUT:
        yield f"sqlite:///{tmp_path / 'restored' / 'portal.db'}"
        return
    admin = os.environ["PORTAL_TEST_DATABASE_URL"]
    url, name = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, name)


@pytest.fixture
def restored_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`portal serve` on the restored install (started by the test, once restored)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> str:
        port = free_port()
        origin = f"http://localhost:{port}"
        log = (tmp_path / "serve.log").open("ab")
        env = {**env, "PORTAL_PUBLIC_ORIGIN": origin, "REFLEX_WEB_WORKDIR": str(tmp_path / "web")}
        command = [sys.executable, "-m", "portal_app.cli", "serve", f"127.0.0.1:{port}"]
        started.append(
            subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{origin}/api/health", timeout=2).status_code == 200:
                    return origin
            except httpx.HTTPError:
                time.sleep(0.5)
        raise AssertionError((tmp_path / "serve.log").read_text()[-3000:])

    yield start  # type: ignore[misc]
    for process in started:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def sign_in_with_password(origin: str, email: str, password: str) -> str:
    """The sign-in page's own steps: the password check over the live connection, then the
    one-time hand-off traded for the session cookie. Returns the cookie's value."""
    raw = RawClient(origin, None)
    raw.path = "/sign-in"
    _delta, events = raw.call(
        f"{SIGN_IN}.sign_in_with_password",
        form_data={"password_email": email, "password": password},
    )
    raw.close()
    redirect = [e["payload"]["path"] for e in events if e.get("name") == "_redirect"]
    assert redirect and redirect[0].startswith("/sign-in/link#h="), events
    answer = httpx.post(
        f"{origin}/api/auth/session",
        json={"kind": "handoff", "token": redirect[0].split("#h=", 1)[1]},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status_code == 200, answer.text
    cookie = re.search(rf"{re.escape(SESSION_COOKIE)}=([^;]+)", answer.headers["set-cookie"])
    assert cookie is not None
    return cookie.group(1)


def rows_by_plain_sql(url: str, tables: list[str]) -> dict[str, int]:
    engine = sa.create_engine(as_driver_url(url))
    with engine.connect() as connection:
        counts = {
            t: connection.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            for t in tables
        }
    engine.dispose()
    return counts


def password_hash(url: str, email: str) -> str:
    engine = sa.create_engine(as_driver_url(url))
    with engine.connect() as connection:
        found = connection.execute(
            sa.text('SELECT password_hash FROM "user" WHERE email = :e'), {"e": email}
        ).scalar_one()
    engine.dispose()
    return str(found)


def test_a_backup_restores_into_an_empty_install_that_signs_people_in(
    migrated_database: str, empty_database: str, restored_server, tmp_path: Path
) -> None:
    from portal_app.services.medication.push import create_vapid_keys
    from portal_app.settings import get_settings

    create_vapid_keys(get_settings().vapid_file)  # as `portal setup` makes it
    key = tmp_path / "keys" / "backup.key"
    live = {
        **os.environ,
        "PORTAL_BACKUP_KEY_FILE": str(key),
        "PORTAL_BACKUP_DIR": str(tmp_path / "backups"),
    }
    assert portal(["backup", "new-key", str(key)], live).returncode == 0
    made = portal(["backup"], live)
    assert made.returncode == 0, made.stderr
    backup = Path(re.search(r"Backup written: (\S+)", made.stdout).group(1))  # type: ignore[union-attr]
    checked = portal(["backup", "verify", str(backup)], live)
    assert checked.returncode == 0 and "complete and unchanged" in checked.stdout, checked.stderr
    manifest = verify(backup, read_key(key))
    assert manifest["database"] == ("postgresql" if SCALEOUT else "sqlite")
    assert (
        manifest["tables"]["stored_file"]["rows"] >= 0 and manifest["tables"]["user"]["rows"] > 10
    )
    assert set(manifest["files"]) >= {"keys/secret.key", "keys/vapid.pem"}

    # A new machine: none of the run's settings, no secret; the backup brings its own.
    fresh = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "REFLEX_REDIS"))}
    restored = {
        **fresh,
        "PORTAL_ENV": "prod",
        "PORTAL_DATA_DIR": str(tmp_path / "restored"),
        "PORTAL_DATABASE_URL": empty_database,
        "PORTAL_BACKUP_KEY_FILE": str(key),
        "PORTAL_PUSH_EXTRA_HOSTS": "127.0.0.1",
    }
    done = portal(["restore", str(backup)], restored)
    assert done.returncode == 0, done.stderr
    assert "every table has the rows and checksum the backup lists" in done.stdout
    # Counted again here, by plain SQL: the restored rows are the backup's rows.
    counts = rows_by_plain_sql(empty_database, sorted(manifest["tables"]))
    assert counts == {t: s["rows"] for t, s in manifest["tables"].items()}
    assert password_hash(empty_database, PATIENT) == password_hash(migrated_database, PATIENT)
    again = portal(["restore", str(backup)], restored)  # never over data in use
    assert again.returncode == 2 and "not empty" in again.stderr

    origin = restored_server(restored)
    cookie = sign_in_with_password(origin, PATIENT, DEMO_PASSWORD)
    raw = RawClient(origin, cookie)
    raw.path = "/"
    viewer, _ = raw.call(f"{VIEWER}.load_viewer")
    raw.close()
    me = next(values for name, values in viewer.items() if name.endswith("viewer_state"))
    assert (me["signed_in_rx_state_"], me["display_name_rx_state_"]) == (True, "Alex Morgan")

    audit = portal(["audit", "verify"], restored)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "intact" in audit.stdout.lower()
