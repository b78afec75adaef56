"""Every public Reflex event handler of ours is guarded, and no auto-setter exists."""

from __future__ import annotations

import logging

import pytest

from portal_app.state.guard import GUARD_ATTR, GuardPolicy, public_event

# Handlers Reflex itself adds to every app, and why each is acceptable.
FRAMEWORK_HANDLERS = {
    "hydrate": "Reflex start-up: sends the initial state",
    "hydrate_and_load": "Reflex start-up: runs the page's on_load (itself guarded)",
    "set_is_hydrated": "Reflex start-up flag, no data",
    "setvar": "dispatches only to set_<var> handlers; the test below proves none exist for ours",
    "handle_frontend_exception": "logs a browser-side error; takes no data of ours",
    "update_vars_internal": "writes only client-storage vars the browser already holds",
    "on_load_internal": "Reflex router: dispatches the page's on_load handlers",
}


def all_states() -> list[type]:
    from reflex.state import State

    import portal_app.portal_app  # noqa: F401  (registers every state and page)

    found, pending = [], [State]
    while pending:
        state = pending.pop()
        found.append(state)
        pending.extend(state.get_substates())
    return found


def our_handlers() -> list[tuple[str, str, object]]:
    rows = []
    for state in all_states():
        for name, handler in state.event_handlers.items():
            rows.append((state.__module__, name, handler.fn))
    return rows


def test_the_app_has_handlers_to_check() -> None:
    names = {name for module, name, _ in our_handlers() if module.startswith("portal_app")}
    assert "load_clinic" in names


def test_every_handler_is_guarded_or_a_known_framework_handler() -> None:
    unguarded = [
        f"{module}.{name}"
        for module, name, fn in our_handlers()
        if not hasattr(fn, GUARD_ATTR) and name not in FRAMEWORK_HANDLERS
    ]
    assert unguarded == []


def test_no_state_of_ours_has_setters_for_its_vars() -> None:
    setters = []
    for state in all_states():
        if not state.__module__.startswith("portal_app"):
            continue
        for var in state.base_vars:
            if f"set_{var}" in state.event_handlers or hasattr(state, f"set_{var}"):
                setters.append(f"{state.__name__}.set_{var}")
    assert setters == []


class Notebook:
    """A plain object standing in for a state: the guard does not depend on Reflex."""

    def __init__(self) -> None:
        self.pages: list[int] = []

    @public_event
    def turn_to(self, page: int) -> None:
        self.pages.append(page)

    @public_event
    async def turn_to_later(self, page: int) -> None:
        self.pages.append(page)


def test_guard_runs_handlers_with_valid_arguments() -> None:
    notebook = Notebook()
    notebook.turn_to(3)
    assert notebook.pages == [3]
    assert getattr(Notebook.turn_to, GUARD_ATTR) == GuardPolicy(public=True)


@pytest.mark.parametrize("bad", ["3", 3.5, None, {"__class__": "x"}, [1]])
def test_guard_drops_calls_with_wrong_types_and_logs_no_values(
    bad: object, caplog: pytest.LogCaptureFixture
) -> None:
    notebook = Notebook()
    with caplog.at_level(logging.WARNING, logger="portal.guard"):
        notebook.turn_to(bad)
    assert notebook.pages == []
    assert "Rejected call to Notebook.turn_to" in caplog.text
    assert repr(bad) not in caplog.text.replace("Notebook.turn_to", "")


def test_guard_drops_unexpected_arguments() -> None:
    notebook = Notebook()
    notebook.turn_to(1, 2)
    notebook.turn_to(page=1, owner="someone-else")
    assert notebook.pages == []


def run_to_end(coro):
    """Run a coroutine that awaits nothing external, without an event loop."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    raise AssertionError("the handler waited on something unexpected")


def test_guard_validates_async_handlers_too() -> None:
    notebook = Notebook()
    run_to_end(notebook.turn_to_later(5))
    run_to_end(notebook.turn_to_later("5"))
    assert notebook.pages == [5]


def test_a_failing_handler_gets_a_kind_message_and_a_clean_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from portal_app.state.errors import kind_backend_error

    note = "I feel hopeless"
    try:
        raise ValueError(f"could not save note {note!r}")
    except ValueError as error:
        with caplog.at_level(logging.ERROR, logger="portal.events"):
            event = kind_backend_error(error)
    assert "show_error" in str(event)
    assert "ValueError" in caplog.text
    assert note not in caplog.text
