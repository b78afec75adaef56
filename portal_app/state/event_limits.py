"""Each connection may send about as many events as a person could, not a flood.

A token bucket per tab token: a burst of `burst` events, then `per_second`. Past that, events
are dropped before any handler runs. A dropped event gets a kind notice back at most once
every NOTICE_EVERY_S (with one log line naming nothing the client sent); the rest get nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reflex.istate.delta import _resolve_delta
from reflex.middleware.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.registry import RegistrationContext

from portal_app.safe_logging import LogBudget
from portal_app.state.guard import GUARD_ATTR, RejectedCall, argument_checker
from portal_app.state.notice import NoticeState

if TYPE_CHECKING:
    from reflex.state import BaseState
    from reflex_base.event import Event

logger = logging.getLogger("portal.events")
MAX_CONNECTIONS_TRACKED = 20_000
NOTICE_EVERY_S = 10.0


@dataclass
class _Bucket:
    tokens: float
    at: float
    told_at: float = float("-inf")


class EventRateLimit(Middleware):
    """Drops a connection's events beyond what a person could send."""

    def __init__(self, per_second: float = 30.0, burst: int = 150) -> None:
        self.per_second, self.burst = per_second, burst
        self._buckets: dict[str, _Bucket] = {}
        self._log = LogBudget(per_window=20, window_s=60.0)

    def admit(self, connection: str, now: float) -> tuple[bool, bool]:
        """(let the event through, tell the person to slow down)."""
        bucket = self._buckets.get(connection)
        if bucket is None:
            if len(self._buckets) >= MAX_CONNECTIONS_TRACKED:
                self._forget_idle(now)
            bucket = self._buckets[connection] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return True, False
        tell = now - bucket.told_at >= NOTICE_EVERY_S
        if tell:
            bucket.told_at = now
        return False, tell

    def _forget_idle(self, now: float) -> None:
        full_again = self.burst / self.per_second
        for connection, bucket in list(self._buckets.items()):
            if now - bucket.at > full_again:
                del self._buckets[connection]

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        connection = state.router.session.client_token
        allowed, tell = self.admit(connection, time.monotonic())
        if allowed:
            return None
        if not tell:
            return StateUpdate()  # dropped: nothing runs, nothing is sent
        if self._log.take(time.monotonic())[0]:
            logger.warning("A connection sent events too fast; refusing them for a moment")
        notice = await state.get_state(NoticeState)
        notice.slow_down_shown = True
        delta = await _resolve_delta(state.get_delta())
        state._clean()  # type: ignore[no-untyped-call]
        return StateUpdate(delta=delta)


class FrameworkEventCheck(Middleware):
    """Reflex's own handlers (hydrate, on_load_internal, setvar, ...) are not behind our guard,
    so their arguments are checked here against their signatures; a call that does not fit
    is dropped instead of failing inside Reflex. `setvar` is refused outright: no state of
    ours has setters (tests/unit/test_handler_guard.py), so nothing of ours sends it."""

    def __init__(self) -> None:
        self._checkers: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], dict[str, Any]]] = {}

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        registered = RegistrationContext.get().event_handlers.get(event.name)
        if registered is None:
            return None
        fn = registered.handler.fn
        if hasattr(fn, GUARD_ATTR):
            return None  # ours: the guard checks who and what
        if event.name.endswith(".setvar"):
            return StateUpdate()
        check = self._checkers.get(event.name)
        if check is None:
            check = self._checkers[event.name] = argument_checker(fn, strict=False)
        try:
            if not isinstance(event.payload, dict):
                raise RejectedCall("arguments must be named")
            check((), event.payload)
        except RejectedCall:
            return StateUpdate()
        return None
