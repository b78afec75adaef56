"""A kind notice when something fails on our side, shown by the app shell.

Reflex's backend error handler answers with this state's event (no script, since the page's
Content-Security-Policy rightly forbids eval).
"""

from __future__ import annotations

import reflex as rx

from portal_app.state.guard import public_event


class NoticeState(rx.State):
    error_shown: rx.Field[bool] = rx.field(False)
    slow_down_shown: rx.Field[bool] = rx.field(
        False
    )  # set by state/event_limits.py when a tab sends too much

    @rx.event
    @public_event
    def show_error(self) -> None:
        self.error_shown = True

    @rx.event
    @public_event
    def dismiss(self) -> None:
        self.error_shown = self.slow_down_shown = False
