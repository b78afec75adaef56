"""Names the patient a staff form acts on, at the top of the form: no step may risk the wrong
patient (found: add medicine, share a paper, notes and the message box did not say who)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui import tr


def for_patient(name: Var[str], label_key: str = "forms.for_patient") -> rx.Component:
    return rx.el.p(
        rx.icon("user-round", size=22, aria_hidden="true"),
        tr(label_key),
        " ",
        rx.el.strong(name),
        class_name="for-patient",
    )
