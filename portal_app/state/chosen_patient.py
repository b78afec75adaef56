"""The patient a clinician is looking at, shared by the pages about them (overview, trends,
medicines, plan, records, safety plan). The patient page's address names the patient by id
(never by name), so a reload, a new tab or a shared link opens the same person; every page
still checks the care team through the gate."""

from __future__ import annotations

from typing import Any


async def choose_patient(state: Any, patient_id: str, name: str) -> None:
    """Point every patient page's state at this patient (each checks access when it loads)."""
    from portal_app.state.care_plan import CarePlanState
    from portal_app.state.medicines import MedicinesState
    from portal_app.state.patient_overview import PatientOverviewState
    from portal_app.state.records import RecordsState
    from portal_app.state.safety_plan import SafetyPlanState
    from portal_app.state.trends import TrendsState

    for state_class in (
        PatientOverviewState,
        TrendsState,
        MedicinesState,
        CarePlanState,
        RecordsState,
        SafetyPlanState,
    ):
        other = await state.get_state(state_class)
        other.patient_id, other.patient_name = patient_id, name


def patient_page(patient_id: str) -> str:
    return f"/patient?id={patient_id}"
