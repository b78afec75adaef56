"""My safety plan: what helps in the worst moments, in the patient's words, one tap from
"Get help now"; people and places with a number can be called or texted from here."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    link_button,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.components.ui.icon import svg_icon
from portal_app.pages.registry import portal_page
from portal_app.state.safety_plan import PROBLEMS
from portal_app.state.safety_plan import STEP_ORDER as STEPS
from portal_app.state.safety_plan import SafetyPlanState as S


def _dial(kind: str, item: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.a(
        svg_icon("phone" if kind == "tel" else "message-square", size=22),
        tr(f"safety.{'call' if kind == 'tel' else 'text'}"),
        rx.el.span(" ", item["text"], class_name="visually-hidden"),
        href=f"{kind}:" + item["dial"],
        class_name="btn btn-secondary",
    )


def _item(item: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.span(item["text"], class_name="user-text"),
        rx.cond(
            item["dial"] != "",
            rx.el.div(_dial("tel", item), _dial("sms", item), class_name="button-row"),
        ),
        class_name="list-row",
    )


def _step(number: int, step: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(
            f"{number}. " if number else "", tr(f"safety.step.{step}"), class_name="card-title"
        ),
        rx.cond(
            S.steps[step].length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(rx.foreach(S.steps[step], _item), class_name="list"),
            paragraph("safety.step_empty"),
        ),
        class_name="card",
    )


def _editor() -> rx.Component:
    return rx.el.details(
        rx.el.summary(tr("safety.edit"), class_name="btn btn-primary"),
        form(
            paragraph("safety.edit_hint", class_name="field-hint"),
            *(
                rx.fragment(
                    rx.el.label(
                        tr(f"safety.step.{step}"), html_for=f"plan-{step}", class_name="field-label"
                    ),
                    rx.el.p(tr(f"safety.hint.{step}"), class_name="field-hint"),
                    rx.el.textarea(
                        id=f"plan-{step}",
                        name=step,
                        default_value=S.editing[step],
                        rows=3,
                        class_name="field-input",
                    ),
                )
                for step in STEPS
            ),
            catalog_message(S.problem, PROBLEMS),
            button("safety.save", button_type="submit", icon="save"),
            key=S.form_key.to_string(),
            on_submit=S.save,
            class_name="stack",
            no_validate=True,
        ),
    )


@portal_page("/safety-plan", "safety.title", active="more", on_load=(S.load_plan,))
def safety_plan() -> rx.Component:
    return stack(
        page_heading("safety.title", "safety.intro"),
        catalog_message(S.notice, ("safety.saved",), tone="info"),
        # Saved: steady.js brings the copy kept on this device (for offline use) up to date.
        rx.cond(
            S.notice == "safety.saved",
            rx.el.span(hidden=True, custom_attrs={"data-refresh-plan": S.version}),
        ),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.cond(S.is_clinician, rx.el.h2(S.patient_name, class_name="card-title")),
                link_button("help_now.button", "/crisis", variant="crisis", icon="phone"),
                rx.cond(
                    S.version > 0,
                    rx.el.p(tr("safety.written_by"), " ", S.written, class_name="field-hint"),
                    paragraph("safety.none_yet"),
                ),
                *(_step(i + 1 if step != "reasons" else 0, step) for i, step in enumerate(STEPS)),
                rx.cond(S.can_edit, _editor()),
                rx.cond(
                    S.earlier.length() > 0,
                    card(
                        "safety.earlier_title",
                        rx.el.ul(
                            rx.foreach(
                                S.earlier,
                                lambda v: rx.el.li(
                                    tr("plan.version"),
                                    " ",
                                    v["version"],
                                    " · ",
                                    v["when"],
                                    " · ",
                                    v["by"],
                                    class_name="list-row",
                                ),
                            ),
                            class_name="list",
                        ),
                    ),
                ),
            ),
            paragraph("safety.not_allowed"),
        ),
    )
