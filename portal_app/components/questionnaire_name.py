"""A questionnaire's plain name ("Mood questions (9 questions)"), in the reader's language."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui import tr
from portal_app.content.instruments import ASSIGNABLE as OFFERED


def questionnaire_name(instrument_id: Var[str]) -> rx.Component:
    return rx.match(
        instrument_id,
        *((name, tr(f"questionnaire.name.{name}")) for name in OFFERED),
        rx.el.span(instrument_id),
    )
