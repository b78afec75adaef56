"""`portal setup` as `make run` uses it: production mode, a brand-new data directory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from portal_app.services.clinic.demo_seed import DEMO_SIGN_INS

PORTAL = str(Path(sys.executable).parent / "portal")


def run_portal(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env |= {"PORTAL_ENV": "prod", "PORTAL_DATA_DIR": str(data_dir)}
    return subprocess.run([PORTAL, *args], env=env, capture_output=True, text=True, timeout=120)


def test_setup_on_a_fresh_machine_then_again(tmp_path: Path) -> None:
    first = run_portal("setup", data_dir=tmp_path / "data")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "data" / "secret.key").exists()
    assert (tmp_path / "data" / "portal.db").exists()
    assert "Demo clinic created." in first.stdout
    for _, email in DEMO_SIGN_INS:
        assert email in first.stdout

    vapid = tmp_path / "data" / "vapid.pem"
    assert vapid.stat().st_mode & 0o077 == 0  # the push key is readable by the portal only
    key_text = vapid.read_bytes()

    again = run_portal("setup", data_dir=tmp_path / "data")
    assert again.returncode == 0, again.stderr
    assert "already exists" in again.stdout
    assert "Kept the existing VAPID key" in again.stdout
    assert vapid.read_bytes() == key_text  # made once: devices keep working

    sent = run_portal("send-due-reminders", data_dir=tmp_path / "data")
    assert sent.returncode == 0, sent.stderr
    # The demo's 08:00 (New York) dose is due or not depending on the time of day; on a fresh
    # machine with no devices nothing is pushed and nothing fails either way.
    assert re.search(
        r"^Reminders: \d+ due, 0 pushed, \d+ without a device, 0 not delivered", sent.stdout
    )


def test_production_commands_refuse_to_run_without_a_secret(tmp_path: Path) -> None:
    refused = run_portal("migrate", data_dir=tmp_path / "empty")
    assert refused.returncode == 2
    assert "PORTAL_SECRET_KEY" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_help_lists_every_command() -> None:
    shown = subprocess.run([PORTAL, "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("setup", "migrate", "seed-demo", "demo-sign-ins", "outbox", "audit"):
        assert command in shown
    audit_help = subprocess.run([PORTAL, "audit", "--help"], capture_output=True, text=True).stdout
    assert "verify" in audit_help


def test_the_operator_adds_a_clinic_at_its_hostname_and_invites_its_admin(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_portal("setup", data_dir=data).returncode == 0
    made = run_portal("clinic", "create", "Lakeside Care", "lakeside.example.org", data_dir=data)
    assert made.returncode == 0, made.stderr
    assert (
        "Created Lakeside Care (lakeside-care) at http://lakeside.example.org:3000" in made.stdout
    )
    again = run_portal("clinic", "create", "Other", "Lakeside.example.org", data_dir=data)
    assert again.returncode == 2 and "already belongs to a clinic" in again.stderr
    invited = run_portal(
        "clinic",
        "invite-admin",
        "lakeside.example.org",
        "boss@lakeside.example",
        "Robin Boss",
        data_dir=data,
    )
    assert invited.returncode == 0, invited.stderr
    outbox = "".join(p.read_text() for p in (data / "outbox").glob("*.eml"))
    assert "http://lakeside.example.org:3000/welcome#i=" in outbox
    listed = run_portal("clinic", "list", data_dir=data).stdout
    assert re.search(r"harbor-demo\s+Harbor Counseling Center\s+http://127.0.0.1:3000", listed)
    assert re.search(
        r"lakeside-care\s+Lakeside Care\s+http://lakeside.example.org:3000\s+1 people", listed
    )
