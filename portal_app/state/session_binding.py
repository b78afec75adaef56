"""Personal states belong to one live session: the binding that enforces it before every event.

Reflex keeps state per browser tab token, and a tab (or any client reusing its token) can
change hands: a shared phone, a sign-in as someone else, a session that ended. So before
each event, `hydrate` included, the tab's session is compared with the one its personal
states were loaded for; when it differs, every personal state is emptied before anything
is sent. A caregiver switching to another person counts as a different binding too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex.middleware.middleware import Middleware

from portal_app.state.session import forget_session_read, read_session_for_event

if TYPE_CHECKING:
    from reflex.state import BaseState, StateUpdate
    from reflex_base.event import Event

ANONYMOUS = ""


class SessionBindingState(rx.State):
    """Backend only: which session (and helped person) the personal states were loaded for."""

    _bound_to: str = ANONYMOUS


def binding_key(state: Any) -> str:
    """The live session on this tab's connection and whom a caregiver helps; "" for nobody.
    Read from the database, and kept for the guard and handler of this event."""
    person = read_session_for_event(state)
    if person is None:
        return ANONYMOUS
    return f"{person.session_id}/{person.helping_patient_id or ''}"


async def rebind(state: Any) -> None:
    """After a handler itself changed the binding (a caregiver's only person chosen for them),
    with nothing loaded yet for the new one: keep the states it is filling."""
    forget_session_read()
    (await state.get_state(SessionBindingState))._bound_to = binding_key(state)


class BindPersonalStates(Middleware):
    """Empties every personal state before an event whose session is not the one they hold."""

    def __init__(self, personal_states: tuple[type[rx.State], ...]) -> None:
        self.personal_states = personal_states

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        key = binding_key(state)
        binding = await state.get_state(SessionBindingState)
        if binding._bound_to != key:
            for personal in self.personal_states:
                (await state.get_state(personal)).reset()  # type: ignore[no-untyped-call]
            binding._bound_to = key
        return None  # the event goes on, and its first delta carries the emptied states
