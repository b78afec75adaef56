"""Pages speak to whoever reads them: the patient as "you", a caregiver about the person they
help (named), staff in staff words (found: a caregiver read "Your medicines" and "Great job",
and staff were spoken to as if they were the patient)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.for_patient import for_patient
from portal_app.components.ui import page_heading
from portal_app.state.viewer import ViewerState


def voiced_heading(title_key: str, intro_key: str, *, staff_intro: str = "") -> rx.Component:
    """The page's heading; `intro_key` + "_helper" is a caregiver's intro, shown with the name
    of the person they help."""
    helper = rx.fragment(
        page_heading(title_key, f"{intro_key}_helper"),
        rx.cond(
            ViewerState.helping_name != "",
            for_patient(ViewerState.helping_name, "caregivers.for_person"),
        ),
    )
    patient = page_heading(title_key, intro_key)
    if staff_intro:
        patient = rx.cond(
            ViewerState.role == "clinician", page_heading(title_key, staff_intro), patient
        )
    return rx.cond(ViewerState.role == "caregiver", helper, patient)
