"""The one guard every public Reflex event handler goes through.

Any connected client can call any handler with any arguments, so each handler declares who
may call it, and its arguments are checked against its type hints (strictly, no extras)
before its body runs. A test (tests/unit/test_handler_guard.py) fails on any handler of
ours without this guard.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

logger = logging.getLogger("portal.guard")

GUARD_ATTR = "__portal_guard__"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class GuardPolicy:
    """Who may call a handler. `public` handlers serve people who are not signed in."""

    public: bool


class RejectedCall(Exception):
    """The arguments do not match the handler's signature."""


def _argument_checker(
    fn: Callable[..., Any],
) -> Callable[[tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
    signature = inspect.signature(fn)
    hints = get_type_hints(fn)
    params = list(signature.parameters.values())[1:]  # skip self
    fields: dict[str, Any] = {
        p.name: (hints.get(p.name, Any), ... if p.default is p.empty else p.default) for p in params
    }
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{fn.__name__}_arguments",
        __config__=ConfigDict(strict=True, extra="forbid", arbitrary_types_allowed=True),
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


def _reject(fn: Callable[..., Any], reason: RejectedCall) -> None:
    # The handler and the argument names only: never the values, which may be health data.
    logger.warning("Rejected call to %s: %s", fn.__qualname__, reason)


def guarded(policy: GuardPolicy) -> Callable[[F], F]:
    """Wrap a handler: calls with arguments that do not fit are dropped and logged."""

    def decorate(fn: F) -> F:
        check = _argument_checker(fn)

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_handler(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    values = check(args, kwargs)
                except RejectedCall as reason:
                    return _reject(fn, reason)
                return await fn(self, **values)

            handler: Any = async_handler
        else:

            @functools.wraps(fn)
            def handler(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    values = check(args, kwargs)
                except RejectedCall as reason:
                    return _reject(fn, reason)
                return fn(self, **values)

        setattr(handler, GUARD_ATTR, policy)
        return handler  # type: ignore[no-any-return]

    return decorate


public_event = guarded(GuardPolicy(public=True))
