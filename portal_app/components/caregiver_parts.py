"""Parts of the caregivers page: what a caregiver may do, in words, and the form to choose it."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui import choice_row, tr
from portal_app.state.caregivers import AREAS, PERMISSION_CODES, PRESETS


def permission_text(code: Var[str]) -> rx.Component:
    return rx.match(code, *((c, tr(f"perm.{c}")) for c in PERMISSION_CODES), rx.el.span(""))


def permission_list(codes: Var[list[str]]) -> rx.Component:
    return rx.el.ul(
        rx.foreach(codes, lambda c: rx.el.li(permission_text(c))), class_name="plain-list"
    )


def permission_fields(prefix: str, current: Var[list[str]] | None = None) -> rx.Component:
    """One-tap presets, or each part chosen: the checkboxes win when "Choose each part" is on.
    steady.js ticks the boxes a preset names, so the person sees what they chose."""
    presets = rx.el.fieldset(
        rx.el.legend(tr("caregivers.what_help")),
        *(
            choice_row(
                "preset",
                preset,
                tr(f"caregivers.preset.{preset}"),
                custom_attrs={"data-preset-perms": " ".join(PRESETS[preset])},
            )
            for preset in ("appointments_only", "medicines_only", "full")
        ),
        choice_row("preset", "custom", tr("caregivers.preset.custom"), checked=True),
        class_name="choices",
    )
    boxes = [
        rx.el.fieldset(
            rx.el.legend(tr(f"caregivers.area.{area}")),
            *(
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        name=f"perm_{code}",
                        id=f"{prefix}-{code}",
                        default_checked=current.contains(code) if current is not None else False,  # type: ignore[attr-defined]
                    ),
                    rx.el.span(class_name="choice-mark", aria_hidden="true"),
                    rx.el.span(tr(f"perm.{code}"), class_name="choice-label"),
                    class_name="choice",
                )
                for code in PERMISSION_CODES
                if code.split(".")[0] == area
            ),
            class_name="choices",
        )
        for area in AREAS
    ]
    return rx.fragment(presets, rx.el.div(*boxes, class_name="stack"))
