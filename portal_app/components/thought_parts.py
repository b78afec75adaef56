"""A thought record's parts, each with its question, for the patient's list and the care team's
page (parts left empty are not shown)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import tr

PARTS = ("situation", "thought", "feeling", "evidence_for", "evidence_against", "balanced")


def thought_lines(row: ObjectVar[dict[str, str]]) -> list[rx.Component]:
    return [
        rx.cond(
            row[p] != "",
            rx.el.p(
                rx.el.strong(tr(f"thoughts.{p}")), " ", rx.el.span(row[p], class_name="user-text")
            ),
        )
        for p in PARTS
    ]
