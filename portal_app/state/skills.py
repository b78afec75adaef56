"""Skills tools: 5-4-3-2-1 grounding, one step at a time. Nothing typed here is kept."""

from __future__ import annotations

import reflex as rx

from portal_app.state.guard import public_event

GROUNDING_STEPS = 5


class GroundingState(rx.State):
    step: rx.Field[int] = rx.field(0)  # 0: not started; 1..5: the step shown; 6: done

    @rx.event
    @public_event
    def next_step(self) -> None:
        self.step = min(self.step + 1, GROUNDING_STEPS + 1)

    @rx.event
    @public_event
    def start_over(self) -> None:
        self.step = 1
