"""Render the README's pictures from the demo clinic: `make screenshots`.

Sets up a fresh demo (people and ten weeks of made-up history) in a temporary folder, serves
the production build on a free loopback port, and photographs the main screens with Debian's
Chromium: a patient's phone, a clinician's desktop, Spanish, and offline. The people are made
up; nothing here touches a real install.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from playwright.sync_api import BrowserContext, Page, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}
# (file, who, path, screen, language)
SHOTS = (
    ("patient-home-phone", "alex@example.org", "/", PHONE, "en"),
    ("patient-check-in-phone", "alex@example.org", "/check-in", PHONE, "en"),
    ("patient-trends-phone", "alex@example.org", "/trends", PHONE, "en"),
    ("patient-medicines-phone", "alex@example.org", "/medicines", PHONE, "en"),
    ("patient-home-spanish-phone", "alex@example.org", "/", PHONE, "es"),
    ("clinician-panel-desktop", "dr.chen@example.org", "/panel", DESKTOP, "en"),
    ("clinician-alerts-desktop", "dr.chen@example.org", "/alerts", DESKTOP, "en"),
    ("clinician-messages-desktop", "dr.rivera@example.org", "/messages", DESKTOP, "en"),
    ("caregiver-home-phone", "sam@example.org", "/", PHONE, "en"),
    ("caregiver-medicines-phone", "sam@example.org", "/medicines", PHONE, "en"),
    ("teen-caregivers-phone", "jordan@example.org", "/caregivers", PHONE, "en"),
    ("patient-record-spanish-desktop", "alex@example.org", "/records", DESKTOP, "es"),
    ("clinician-panel-spanish-desktop", "dr.rivera@example.org", "/panel", DESKTOP, "es"),
    # The second demo clinic, Harbor, at its own hostname (127.0.0.1): its own look and people.
    ("harbor-home-phone", "maria@harbor.example", "/", PHONE, "es"),
    ("harbor-admin-brand-desktop", "admin@harbor.example", "/admin/brand", DESKTOP, "en"),
)


def host_of(email: str) -> str:
    """Each demo clinic at its own hostname: Harbor at 127.0.0.1, Riverside at localhost."""
    return "127.0.0.1" if email.endswith("@harbor.example") else "localhost"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [str(BIN / "reflex"), "run", "--env", "prod", "--single-port"]
    command += ["--frontend-port", str(port), "--backend-port", str(port)]
    with log.open("ab") as out:
        server = subprocess.Popen(  # noqa: S603 - our own command, from this venv
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"http://localhost:{port}/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(1)
    stop(server)
    raise SystemExit(f"The portal did not start; see {log}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def session_cookie(email: str) -> dict[str, object]:
    """A real session for a demo person (the sign-in screens have their own tests)."""
    from sqlmodel import select

    from portal_app.db import session_scope
    from portal_app.models import User
    from portal_app.services.identity.sessions import SESSION_COOKIE, start_session

    with session_scope() as db:
        user = db.exec(select(User).where(User.email == email)).one()
        token = start_session(db, user.id, now=datetime.now(UTC))
    return {"name": SESSION_COOKIE, "value": token, "domain": host_of(email), "path": "/",
            "secure": True, "httpOnly": True, "sameSite": "Lax"}  # fmt: skip


def page_for(context: BrowserContext, email: str, language: str) -> Page:
    context.add_cookies([session_cookie(email)])  # type: ignore[list-item]
    context.add_init_script(
        "localStorage.setItem('steady.tourDone', '1');"
        "localStorage.setItem('steady.prefsChosen', '1');"
        f"localStorage.setItem('steady.lang', '{language}');"
    )
    return context.new_page()


def settle(page: Page) -> None:
    page.wait_for_load_state("load")  # staff pages keep watching for changes: never idle
    page.get_by_role("heading", level=1).first.wait_for()
    page.wait_for_timeout(2500)  # live data arrives over the websocket after the first paint


def main() -> int:
    out = HERE
    with tempfile.TemporaryDirectory(prefix="steady-shots-") as folder:
        data = Path(folder)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        env |= {
            "PORTAL_DATA_DIR": str(data),
            "PORTAL_ENV": "prod",
            "PORTAL_PUBLIC_ORIGIN": f"http://localhost:{port}",
            "REFLEX_WEB_WORKDIR": str(data / "web"),
            "REFLEX_STATES_WORKDIR": str(data / "states"),
        }
        setup = [str(BIN / "portal"), "setup"]  # our own commands, from this venv
        subprocess.run(setup, env=env, check=True, capture_output=True)  # noqa: S603
        os.environ.update(env)  # this process mints the sessions in the same database
        server = serve(env, port, data / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                for name, email, path, screen, language in SHOTS:
                    origin = f"http://{host_of(email)}:{port}"
                    context = browser.new_context(base_url=origin, **screen)
                    page = page_for(context, email, language)
                    page.goto(path)
                    settle(page)
                    page.screenshot(path=str(out / f"{name}.png"))
                    context.close()
                context = browser.new_context(base_url=f"http://localhost:{port}", **PHONE)
                page = page_for(context, "alex@example.org", "en")
                page.goto("/")
                page.wait_for_function("() => navigator.serviceWorker.controller !== null")
                settle(page)
                context.set_offline(True)
                page.goto("/")
                settle(page)
                page.screenshot(path=str(out / "patient-offline-phone.png"))
                browser.close()
        finally:
            stop(server)
    print(f"Screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
