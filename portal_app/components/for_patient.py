"""Names the patient a staff form acts on, at the top of the form: no step may risk the wrong
patient (found: add medicine, share a paper, notes and the message box did not say who)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui import tr
from portal_app.components.ui.icon import svg_icon


def for_patient(name: Var[str], label_key: str = "forms.for_patient") -> rx.Component:
    return rx.el.p(
        svg_icon("user-round", size=22),
        tr(label_key),
        " ",
        rx.el.strong(name),
        class_name="for-patient",
    )
