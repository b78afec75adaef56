"""Skills for hard moments: paced breathing (a circle, or words only; still when the person
asks for less motion) and 5-4-3-2-1 grounding."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import button, card, page_heading, paragraph, stack, tr
from portal_app.pages.registry import portal_page
from portal_app.state.skills import GROUNDING_STEPS
from portal_app.state.skills import GroundingState as G


def _breathing() -> rx.Component:
    return card(
        "skills.breathing_title",
        paragraph("skills.breathing_intro"),
        rx.el.div(
            rx.el.div(class_name="breath-circle", aria_hidden="true"),
            rx.el.p(
                tr("skills.breathe_ready"),
                class_name="breath-phase",
                custom_attrs={"aria-live": "polite", "data-breath-phase": ""},
            ),
            *(
                rx.el.div(
                    tr(f"skills.breathe_{p}"), hidden=True, custom_attrs={"data-breath-text": p}
                )
                for p in ("in", "out")
            ),
            rx.el.div(
                button("skills.breathe_start", icon="play", data={"breath-start": ""}),
                button(
                    "skills.breathe_stop",
                    variant="secondary",
                    icon="square",
                    data={"breath-stop": ""},
                ),
                class_name="button-row",
            ),
            rx.el.label(
                rx.el.input(type="checkbox", custom_attrs={"data-breath-words-only": ""}),
                rx.el.span(class_name="choice-mark", aria_hidden="true"),
                rx.el.span(tr("skills.words_only"), class_name="choice-label"),
                class_name="choice",
            ),
            class_name="breath stack",
            custom_attrs={"data-breathing": ""},
        ),
    )


def _grounding() -> rx.Component:
    steps = [
        rx.el.div(
            rx.el.p(tr(f"skills.ground_{n}"), class_name="question"),
            paragraph(f"skills.ground_{n}_hint", class_name="field-hint"),
            class_name="stack",
        )
        for n in range(1, GROUNDING_STEPS + 1)
    ]
    return card(
        "skills.grounding_title",
        paragraph("skills.grounding_intro"),
        rx.match(
            G.step,
            (0, button("skills.ground_begin", icon="play", on_click=G.start_over)),
            *(
                (
                    n,
                    rx.fragment(
                        steps[n - 1],
                        button("skills.ground_next", icon="arrow-right", on_click=G.next_step),
                    ),
                )
                for n in range(1, GROUNDING_STEPS + 1)
            ),
            rx.fragment(
                paragraph("skills.ground_done"),
                button(
                    "skills.ground_again",
                    variant="secondary",
                    icon="rotate-ccw",
                    on_click=G.start_over,
                ),
            ),
        ),
    )


@portal_page("/skills", "skills.title", active="more", public=True)
def skills() -> rx.Component:
    return stack(
        page_heading("skills.title", "skills.intro"),
        _breathing(),
        _grounding(),
    )
