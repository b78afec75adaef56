"""How to reach a patient now, for their care team: a one-tap call to the patient and to the
emergency contact they chose, or a plain note that there is no number."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import tr
from portal_app.components.ui.icon import svg_icon
from portal_app.components.ui.var_types import Text


def _call(label_key: str, who: Text, number: Text, href: Text) -> rx.Component:
    return rx.el.a(
        svg_icon("phone", size=22, class_name="btn-icon"),
        tr(label_key),
        " ",
        who,
        ": ",
        number,
        href=href,
        class_name="btn btn-secondary",
    )


def patient_reach(
    name: Text,
    phone: Text,
    phone_href: Text,
    other: Text,
    relation: Text,
    other_phone: Text,
    other_href: Text,
) -> rx.Component:
    return rx.el.div(
        rx.cond(
            phone != "",
            _call("reach.call", name, phone, phone_href),
            rx.el.p(tr("reach.no_phone")),
        ),
        rx.cond(
            other != "",
            rx.fragment(
                rx.el.p(
                    tr("reach.emergency"),
                    " ",
                    rx.el.strong(other),
                    rx.cond(relation != "", rx.el.span(" (", relation, ")")),
                ),
                _call("reach.call", other, other_phone, other_href),
            ),
            rx.el.p(tr("reach.no_emergency")),
        ),
        class_name="stack patient-reach",
    )
