"""Today's doses with one large "Taken" and "Skipped" per dose: on Home and on Medicines."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.ui import paragraph, tr
from portal_app.components.ui.icon import svg_icon
from portal_app.state.medicines import MedicinesState as S

STATUSES = ("taken", "late", "skipped")


def _status(status: Var[str]) -> rx.Component:
    return rx.match(
        status,
        *((s, rx.el.p(tr(f"doses.status.{s}"), class_name="badge")) for s in STATUSES),
        rx.fragment(),
    )


def _dose(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["at"]), " · ", row["name"], " · ", row["dose"]),
        _status(row["status"]),
        rx.cond(
            S.can_log,
            rx.el.div(
                rx.el.button(
                    svg_icon("check", size=22, class_name="btn-icon"),
                    tr("doses.taken"),
                    type="button",
                    on_click=S.log_dose(row["medicine_id"], row["when"], "taken"),
                    class_name="btn btn-primary",
                ),
                rx.el.button(
                    tr("doses.skipped"),
                    type="button",
                    on_click=S.log_dose(row["medicine_id"], row["when"], "skipped"),
                    class_name="btn btn-secondary",
                ),
                class_name="button-row",
            ),
        ),
        class_name="list-row",
        custom_attrs={"data-dose": row["name"]},
    )


def dose_list() -> rx.Component:
    return rx.cond(
        S.doses.length() > 0,
        rx.el.ul(rx.foreach(S.doses, _dose), class_name="list"),
        paragraph("doses.none_today"),
    )
