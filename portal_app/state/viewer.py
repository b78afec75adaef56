"""Who is looking at the page: only their own name and whether they are signed in."""

from __future__ import annotations

import reflex as rx

from portal_app.state.guard import public_event
from portal_app.state.session import signed_in_person


class ViewerState(rx.State):
    signed_in: bool = False
    display_name: str = ""

    @rx.event
    @public_event
    def load_viewer(self) -> None:
        person = signed_in_person(self)
        self.signed_in = person is not None
        self.display_name = person.display_name if person else ""

    @rx.event
    @public_event
    def require_sign_in(self) -> rx.event.EventSpec | None:
        """On pages that show a person's own things: no live session, off to sign in."""
        if signed_in_person(self) is None:
            return rx.redirect("/sign-in", replace=True)
        return None
