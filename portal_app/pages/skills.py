"""Skills for hard moments: paced breathing (a circle, or words only; still when the person
asks for less motion) and 5-4-3-2-1 grounding."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.thought_parts import thought_lines
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    check_box,
    form,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.skills import GROUNDING_STEPS
from portal_app.state.skills import GroundingState as G
from portal_app.state.thought_records import NOTICES as THOUGHT_NOTICES
from portal_app.state.thought_records import PARTS
from portal_app.state.thought_records import PROBLEMS as THOUGHT_PROBLEMS
from portal_app.state.thought_records import ThoughtsState as T
from portal_app.state.viewer import ViewerState


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


def _thought_record() -> rx.Component:
    return rx.el.section(
        rx.el.h2(tr("thoughts.title"), class_name="card-title"),
        paragraph("thoughts.intro"),
        form(
            *(
                rx.fragment(
                    rx.el.label(
                        tr(f"thoughts.{p}"), html_for=f"thought-{p}", class_name="field-label"
                    ),
                    rx.el.p(tr(f"thoughts.{p}_hint"), class_name="field-hint"),
                    rx.el.textarea(id=f"thought-{p}", name=p, rows=2, class_name="field-input"),
                )
                for p in PARTS
            ),
            check_box("share", "thoughts.share_label"),
            catalog_message(T.problem, THOUGHT_PROBLEMS),
            button("thoughts.save", button_type="submit", icon="save"),
            key=T.form_key.to_string(),
            on_submit=T.save,
            class_name="stack",
            no_validate=True,
        ),
        catalog_message(T.notice, THOUGHT_NOTICES, tone="info"),
        rx.el.ul(rx.foreach(T.records, _record), class_name="list"),
        class_name="card stack",
        on_mount=T.load_thoughts,
    )


def _record(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.p(
            rx.el.strong(row["when"]),
            " · ",
            rx.cond(row["shared"] == "yes", tr("thoughts.is_shared"), tr("thoughts.is_private")),
        ),
        *thought_lines(row),
        rx.cond(
            row["shared"] == "yes",
            button(
                "thoughts.stop_sharing",
                variant="secondary",
                icon="eye-off",
                on_click=T.share(row["id"], False),
            ),
            button(
                "thoughts.share",
                variant="secondary",
                icon="share",
                on_click=T.share(row["id"], True),
            ),
        ),
        class_name="list-row stack",
    )


@portal_page("/skills", "skills.title", active="more", public=True)
def skills() -> rx.Component:
    return stack(
        page_heading("skills.title", "skills.intro"),
        _breathing(),
        _grounding(),
        rx.cond(ViewerState.role == "patient", _thought_record()),
    )
