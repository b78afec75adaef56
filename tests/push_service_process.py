"""The test push service in its own process, for benchmarks: sharing the sender's process
(and its GIL) would make the service, not the sender, the thing measured."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from tests.push_service import FakePushService


def _serve(delay: float, commands: Any, answers: Any) -> None:
    with FakePushService(delay=delay) as service:
        answers.put(service.origin)
        commands.get()  # wait until asked for the results
        with service.lock:
            answers.put([(r.path, r.at) for r in service.received])


class PushServiceProcess:
    """Start with `with`; `.origin` to build endpoints; `.received()` ends it, returning
    (path, arrival time) for every message it accepted."""

    def __init__(self, delay: float) -> None:
        context = mp.get_context("spawn")
        self.commands, self.answers = context.Queue(), context.Queue()
        self.process = context.Process(
            target=_serve, args=(delay, self.commands, self.answers), daemon=True
        )
        self.origin = ""

    def __enter__(self) -> PushServiceProcess:
        self.process.start()
        self.origin = self.answers.get(timeout=30)
        return self

    def received(self) -> list[tuple[str, float]]:
        self.commands.put("results")
        found: list[tuple[str, float]] = self.answers.get(timeout=60)
        return found

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        self.process.join(timeout=5)
