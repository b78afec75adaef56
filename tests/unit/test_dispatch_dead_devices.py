"""Dead devices never cost a live one its reminder (found: in CI, a dose reminder claimed by
the app's dispatcher sometimes never reached the phone and stayed "sending" for 5 minutes).

Sixty patients are due at once, each with a live phone; some also have a dead device of
every kind a real one can be: refusing connections, never answering, hanging up, answering
with something that is not HTTP. One round must reach every live phone, record every
reminder, and leave nothing "sending". Real HTTP on loopback throughout.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from portal_app.models import PushSubscription, Reminder
from tests.push_service import PushDevice
from tests.run_async import run_async
from tests.unit.test_dispatch import (
    DOSE_TIME,
    dispatch_database,
    dispatcher,
    robin,
)

PATIENTS = 60
SHORT_TIMEOUTS = {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}


class DeadEnd:
    """A loopback TCP server that misbehaves: 'hang' (accepts, never answers), 'hang_up'
    (accepts, closes at once), 'garbage' (answers with bytes that are not HTTP)."""

    def __init__(self, how: str) -> None:
        self.how, self.sock = how, socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.held: list[socket.socket] = []
        self.stopping = False
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def endpoint_base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.how == "hang":
                self.held.append(conn)  # never read, never answered
            elif self.how == "garbage":
                conn.sendall(b"\x00\x01 this is not http \xff\r\n\r\n")
                conn.close()
            else:
                conn.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                conn.close()  # a reset, as a phone's push service gone away mid-connection

    def close(self) -> None:
        self.stopping = True
        self.sock.close()
        for conn in self.held:
            conn.close()


def refused_base() -> str:
    """An address where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def dead_ends() -> Iterator[dict[str, str]]:
    servers = {how: DeadEnd(how) for how in ("hang", "hang_up", "garbage")}
    yield {"refused": refused_base(), **{how: s.endpoint_base for how, s in servers.items()}}
    for server in servers.values():
        server.close()


@pytest.fixture
def engine(fresh_engine):
    return dispatch_database(fresh_engine)


def test_every_live_phone_is_reached_in_one_round_whatever_the_dead_devices_do(
    engine, vapid, service, tmp_path, dead_ends
) -> None:
    kinds = list(dead_ends)
    phones = []
    for n in range(PATIENTS):
        phone = service.device("ok")
        extra = []
        if n % 3 == 0:  # every third patient also has a dead device, of each kind in turn
            base = dead_ends[kinds[(n // 3) % len(kinds)]]
            extra = [PushDevice(f"{base}/push/{n}")]
        robin(engine, phone, *extra)
        phones.append(phone)

    sending = dispatcher(engine, vapid, tmp_path)
    assert sending.sender is not None
    sending.sender.timeouts = SHORT_TIMEOUTS  # the real ones (10 s) would make this test slow
    started = time.monotonic()
    report = run_async(sending.run_once(DOSE_TIME + timedelta(minutes=1)))
    took = time.monotonic() - started

    missed = [p.endpoint for p in phones if len(service.for_device(p)) != 1]
    assert missed == [], f"{len(missed)} live phones got no reminder (or more than one)"
    assert (report.claimed, report.sent) == (PATIENTS, PATIENTS)
    with Session(engine) as db:
        statuses = Counter(r.status for r in db.exec(select(Reminder)).all())
        left = db.exec(select(PushSubscription)).all()
    assert statuses.get("sending", 0) == 0 and statuses["sent"] == PATIENTS
    assert len(left) >= PATIENTS  # dead devices are kept unless the service says "gone"
    # A device that never answers costs its own tries (timeouts), not an unbounded wait.
    assert took < 6 * SHORT_TIMEOUTS["read"]
    print(f"one round: {PATIENTS} patients, {len(kinds)} kinds of dead device, {took:.1f} s")
