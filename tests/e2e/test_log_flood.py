"""An anonymous client cannot forge lines in the server log, nor fill it.

Any connected program may send any event: error reports with newlines and terminal escape
codes, calls with made-up argument names, names of handlers that do not exist, thousands of
them. The log gets at most a few cleaned, short lines; the flooding tab is told to slow down.
"""

from __future__ import annotations

import time

import pytest
from reflex.state import FrontendEventExceptionState

from portal_app.state.notice import NoticeState
from tests.e2e.raw_socket import ACCOUNT, RawClient

FLOOD = 10_000
LOG_GROWTH_LIMIT = 64 * 1024  # bytes the whole flood may add to the server log
FORGED = "\n2026-12-03 07:00:00 ERROR FORGED admin exported every record\x1b[31m"
REPORT = f"{FrontendEventExceptionState.get_full_name()}.handle_frontend_exception"


@pytest.fixture(params=["desktop"])
def device(request) -> str:  # no browser here
    return str(request.param)


def _settled_size(path, quiet_s: float = 3.0, limit_s: float = 120.0) -> int:
    """The log's size once it has stopped growing (the server worked through the flood)."""
    size, still_since, deadline = path.stat().st_size, time.monotonic(), time.monotonic() + limit_s
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now_size = path.stat().st_size
        if now_size != size:
            size, still_since = now_size, time.monotonic()
        elif time.monotonic() - still_since >= quiet_s:
            break
    return size


def test_a_flood_of_forged_events_leaves_a_short_clean_log(live_server) -> None:
    log = live_server.log_path
    before = _settled_size(log, quiet_s=1.0)
    raw = RawClient(live_server.origin, None)
    filler = "A" * 2_000
    for i in range(FLOOD):
        kind = i % 3
        if kind == 0:
            raw.send(REPORT, info=f"boom{FORGED}{filler}", component_stack=FORGED)
        elif kind == 1:
            raw.send(f"{ACCOUNT}.load_account", **{f"x{FORGED}": 1})
        else:
            raw.send(f"{ACCOUNT}.nothing{FORGED}")
    after = _settled_size(log)
    with raw.lock:
        replies = list(raw.everything)
    raw.close()

    added = log.read_bytes()[before:after]
    assert len(added) < LOG_GROWTH_LIMIT, f"the flood added {len(added)} bytes to the log"
    print(f"{FLOOD} forged events added {len(added)} bytes ({len(added.splitlines())} lines)")
    assert b"\x1b" not in added
    forged_lines = [line for line in added.splitlines() if line.startswith(b"2026-12-03 07:00")]
    assert forged_lines == []
    slow_down = [
        r
        for r in replies
        if r.get("delta", {}).get(NoticeState.get_full_name(), {}).get("slow_down_shown_rx_state_")
    ]
    assert 1 <= len(slow_down) <= 5  # told once per burst, not once per event

    # Everyone else is still served at once (a stranger's call is answered: "sign in").
    other = RawClient(live_server.origin, None)
    started = time.monotonic()
    other.send(f"{ACCOUNT}.load_account")
    answered = None
    while answered is None and time.monotonic() - started < 10:
        with other.lock:
            events = [e for r in other.everything for e in r.get("events", [])]
        if any(e.get("name") == "_redirect" for e in events):
            answered = time.monotonic() - started
        time.sleep(0.05)
    other.close()
    assert answered is not None and answered < 3.0, answered
