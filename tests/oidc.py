"""The tests' OpenID provider: panva/oidc-provider (OpenID Certified), pinned in
tests/oidc_provider/, run with Node from the venv on a loopback port, and a person signing in
at its own login pages (its development login form and consent page) as a browser would."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

FOLDER = Path(__file__).resolve().parent / "oidc_provider"
BIN = Path(sys.executable).parent
CLIENT_ID = "steady-portal"
CLIENT_SECRET = "test-only-client-secret-0123456789"
ACCOUNTS = {
    "dr.okta@example.org": {"groups": ["steady-clinicians"], "name": "Dr. Okta"},
    "boss.okta@example.org": {"groups": ["steady-admins"], "name": "Pat Okta"},
    "nogroup.okta@example.org": {"groups": ["everyone"]},
    "unverified.okta@example.org": {"groups": ["steady-clinicians"], "email_verified": False},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def node_env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


@contextmanager
def running_provider(redirect_uris: list[str]) -> Iterator[str]:
    """Start the provider; yields its issuer. `make test` installs its package (npm ci)."""
    if not (FOLDER / "node_modules" / "oidc-provider").exists():
        subprocess.run(
            [shutil.which("npm", path=str(BIN)) or "npm", "ci", "--no-audit", "--no-fund"],
            cwd=FOLDER,
            env=node_env(),
            check=True,
            capture_output=True,
        )
    port = free_port()
    setup = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": redirect_uris,
        "accounts": ACCOUNTS,
    }
    node = shutil.which("node", path=str(BIN)) or "node"
    process = subprocess.Popen(
        [node, "provider.mjs", str(port), json.dumps(setup)],
        cwd=FOLDER,
        env=node_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # the venv's `node` is a launcher: stop its child with it
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("ready "), f"the provider did not start: {line!r}"
        yield line.split()[1]
    finally:
        # Found: terminating the launcher alone left the real node running after every
        # run (ten were left on this machine); the whole process group goes.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def sign_in_at_provider(http: httpx.Client, url: str, login: str, *, until: str) -> str:
    """Follow the provider's pages as a person would (log in, then allow), and return the
    address it sends the browser back to (starting with `until`)."""
    address = url
    for _ in range(12):
        answer = http.get(address)
        while answer.is_redirect:
            address = urljoin(address, answer.headers["location"])
            if address.startswith(until):
                return address
            answer = http.get(address)
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', answer.text)
        assert form, f"no form on the provider's page: {answer.text[:300]}"
        action = unescape(form.group(1))
        prompt = re.search(r'name="prompt" value="([a-z]+)"', answer.text)
        fields = {"prompt": prompt.group(1) if prompt else ""}
        if fields["prompt"] == "login":
            fields |= {"login": login, "password": "any"}
        answer = http.post(urljoin(address, action), data=fields)
        address = urljoin(address, answer.headers.get("location", address))
        if address.startswith(until):
            return address
    raise AssertionError("the provider never sent the browser back")


def query_of(address: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(address).query).items()}


def wait_until_down(issuer: str) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            httpx.get(issuer, timeout=0.5)
        except httpx.HTTPError:
            return
        time.sleep(0.1)
