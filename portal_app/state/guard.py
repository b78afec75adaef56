"""The one guard every public Reflex event handler goes through.

Any connected client can call any handler with any arguments, so each handler declares who
may call it: `public_event` (anyone) or `signed_in_event(roles)` (a live session of one of
those roles, re-checked in the database on every call). Arguments are checked strictly
against the handler's type hints before its body runs. A test fails on any handler of ours
without this guard (tests/unit/test_handler_guard.py).
"""

from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

import reflex as rx
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from portal_app.models import Role
from portal_app.safe_logging import LogBudget, client_text, new_request_id, request_id_scope
from portal_app.services.operations.metrics import EVENTS
from portal_app.state.session import actor_from, reset_acting, set_acting, signed_in_person

logger = logging.getLogger("portal.guard")

GUARD_ATTR = "__portal_guard__"
F = TypeVar("F", bound=Callable[..., Any])
SIGN_IN_PAGE = "/sign-in"
_rejections = LogBudget(per_window=120, window_s=60.0)


@dataclass(frozen=True)
class GuardPolicy:
    """Who may call a handler: anyone (`public`), or signed-in people with one of `roles`."""

    public: bool
    roles: frozenset[Role] = frozenset()


class RejectedCall(Exception):
    """The arguments do not match the handler's signature."""


def argument_checker(
    fn: Callable[..., Any], *, strict: bool = True
) -> Callable[[tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
    """Checks a call's arguments against `fn`'s signature and type hints (RejectedCall)."""
    signature = inspect.signature(fn)
    hints = get_type_hints(fn)
    params = list(signature.parameters.values())[1:]  # skip self
    fields: dict[str, Any] = {
        p.name: (hints.get(p.name, Any), ... if p.default is p.empty else p.default) for p in params
    }
    model: type[BaseModel] = create_model(
        f"{fn.__name__}_arguments",
        __config__=ConfigDict(strict=strict, extra="forbid", arbitrary_types_allowed=True),
        **fields,
    )

    def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        try:
            bound = signature.bind(None, *args, **kwargs)
        except TypeError as error:
            raise RejectedCall("wrong number or names of arguments") from error
        bound.arguments.pop(next(iter(signature.parameters)))
        try:
            checked = model.model_validate(dict(bound.arguments))
        except ValidationError as error:
            names = sorted({".".join(str(p) for p in e["loc"]) for e in error.errors()})
            raise RejectedCall(f"invalid {names}") from error
        return {name: getattr(checked, name) for name in fields}

    return check


def _reject(fn: Callable[..., Any], reason: object) -> None:
    # The handler and the argument names only: never the values, which may be health data.
    # Names can come from the client too: cleaned, cut short, and rationed.
    allowed, dropped = _rejections.take(time.monotonic())
    if dropped:
        logger.warning("%d more rejected calls in the last minute were not logged", dropped)
    if allowed:
        logger.warning("Rejected call to %s: %s", fn.__qualname__, client_text(reason))


def _admit(policy: GuardPolicy, fn: Callable[..., Any], state: Any) -> tuple[bool, Any]:
    """(True, actor or None) to run the handler; (False, what to send back) otherwise."""
    if policy.public:
        return True, None
    signed_in = signed_in_person(state)
    if signed_in is None:
        _reject(fn, "no live session")
        return False, rx.redirect(SIGN_IN_PAGE, replace=True)
    if signed_in.role not in policy.roles:
        _reject(fn, f"role {signed_in.role.value} not allowed")
        return False, None
    return True, actor_from(signed_in, state)


def guarded(policy: GuardPolicy) -> Callable[[F], F]:
    """Wrap a handler: callers who may not call it, or whose arguments do not fit, are refused."""

    def decorate(fn: F) -> F:
        check = argument_checker(fn)

        name = fn.__qualname__  # the handler's name is the label: never who called it

        def prepare(state: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
            """(values, None, actor) to run the handler, or (None, reply, None) to refuse."""
            try:
                values = check(args, kwargs)
            except RejectedCall as reason:
                _reject(fn, reason)
                return None, None, None
            admitted, actor_or_reply = _admit(policy, fn, state)
            if not admitted:
                return None, actor_or_reply, None
            return values, None, actor_or_reply

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_handler(self: Any, *args: Any, **kwargs: Any) -> Any:
                values, reply, actor = prepare(self, args, kwargs)
                if values is None:
                    return reply
                token, started = set_acting(actor), time.perf_counter()
                try:
                    with request_id_scope(new_request_id()):  # this event's log lines
                        return await fn(self, **values)
                finally:
                    reset_acting(token)
                    EVENTS.labels(name).observe(time.perf_counter() - started)

            handler: Any = async_handler
        else:

            @functools.wraps(fn)
            def handler(self: Any, *args: Any, **kwargs: Any) -> Any:
                values, reply, actor = prepare(self, args, kwargs)
                if values is None:
                    return reply
                token, started = set_acting(actor), time.perf_counter()
                try:
                    with request_id_scope(new_request_id()):  # this event's log lines
                        return fn(self, **values)
                finally:
                    reset_acting(token)
                    EVENTS.labels(name).observe(time.perf_counter() - started)

        setattr(handler, GUARD_ATTR, policy)
        return handler  # type: ignore[no-any-return]

    return decorate


public_event = guarded(GuardPolicy(public=True))


def signed_in_event(*roles: Role) -> Callable[[F], F]:
    """For handlers that need a live session; with no roles given, any role may call."""
    return guarded(GuardPolicy(public=False, roles=frozenset(roles or Role)))
