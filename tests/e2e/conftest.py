"""End-to-end: the production build (`reflex run --env prod`) served on a free port, driven by
Debian's Chromium through Playwright, on a phone and a desktop viewport."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.stack import SCALEOUT

E2E_FOLDER = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives the browser build: marked here, once, so
    `pytest -m "not e2e"` (make unit) can never pick one up by a forgotten marker."""
    for item in items:
        if E2E_FOLDER in item.path.parents:
            item.add_marker(pytest.mark.e2e)


ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# The SQLite run drives every page on both screens. The PostgreSQL + Redis run checks the
# same behaviour on several workers; the screen size changes nothing there, so it uses the
# phone only (and keeps CI well inside its time).
SCREENS = ("phone",) if SCALEOUT else tuple(sorted(VIEWPORTS))
QUICK_EXIT_URL = "https://www.google.com/"
BUILD_TIMEOUT_S = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    origin: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start (or start again, on the same port) and wait until it serves pages."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        wait_until_serving(self)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def url(self, path: str) -> str:
        return self.origin + path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wait_until_serving(server: LiveServer) -> None:
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process is None or server.process.poll() is not None:
            pytest.fail(f"the portal server exited while starting:\n{server.log_tail()}")
        try:
            if httpx.get(server.url("/"), timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    server.stop()
    pytest.fail(f"the portal server did not start in {BUILD_TIMEOUT_S} s:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def live_server(migrated_database: str, stack) -> Iterator[LiveServer]:
    port = free_port()
    origin = f"http://localhost:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"server-{stack.name}.log"
    env = {
        **os.environ,
        "PORTAL_ENV": "prod",
        "PORTAL_PUBLIC_ORIGIN": origin,
        "PORTAL_QUICK_EXIT_URL": QUICK_EXIT_URL,
        # Build into the run's own folders, never the developer's .web.
        "REFLEX_WEB_WORKDIR": str(stack.data_dir / "web-prod"),
        "REFLEX_STATES_WORKDIR": str(stack.data_dir / "states-prod"),
    }
    reflex = str(Path(sys.executable).parent / "reflex")
    command = [
        reflex,
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
    ]
    log_path.write_bytes(b"")
    from portal_app.services.medication.push import create_vapid_keys
    from portal_app.settings import get_settings

    create_vapid_keys(get_settings().vapid_file)  # as `portal setup` does before serving
    server = LiveServer(origin, command, env, log_path)
    server.start()
    yield server
    server.stop()


# The scale-out run shares two cores between several workers, Chromium and the test: a page's
# first events can take longer than Playwright's 5 s default there.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(params=SCREENS)
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def context(browser: Browser, device: str, live_server: LiveServer) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=live_server.origin, **VIEWPORTS[device])
    # The quick-exit site is outside this machine's network: answer for it with a plain page.
    ctx.route(
        QUICK_EXIT_URL + "**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
        ),
    )
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def sign_in_as(live_server: LiveServer):
    """Give a browser a real server session for a demo person. The sign-in flows themselves
    are tested in test_sign_in.py; other tests only need someone signed in."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from portal_app.db import session_scope
    from portal_app.models import User
    from portal_app.services.identity.sessions import SESSION_COOKIE, start_session

    def sign_in(page: Page, email: str, *, tour_seen: bool = True) -> None:
        if tour_seen:  # the welcome tour has its own test; elsewhere it was seen long ago
            page.add_init_script("localStorage.setItem('steady.tourDone', '1')")
        with session_scope() as db:
            user = db.exec(select(User).where(User.email == email)).one()
            token = start_session(db, user.id, now=datetime.now(UTC))
        page.context.add_cookies(
            [
                {
                    "name": SESSION_COOKIE,
                    "value": token,
                    "domain": "localhost",
                    "path": "/",
                    "secure": True,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return sign_in
