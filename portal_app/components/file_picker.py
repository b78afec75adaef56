"""The one way to choose a photo or PDF: a large button, only the accepted types, one file,
at most 10 MB; the server checks the bytes again whatever the browser says."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.ui import tr
from portal_app.components.ui.icon import svg_icon
from portal_app.state.messages import MAX_FILE_BYTES

ACCEPT = {
    "image/jpeg": [".jpg", ".jpeg"],
    "image/png": [".png"],
    "image/webp": [".webp"],
    "image/heic": [".heic"],
    "application/pdf": [".pdf"],
}


CSV = {"text/csv": [".csv"], "text/plain": [".csv", ".txt"]}


def file_picker(
    upload_id: str,
    label_key: str,
    *,
    on_drop: Any,
    on_drop_rejected: Any,
    variant: str,
    accept: dict[str, list[str]] | None = None,
    max_size: int = MAX_FILE_BYTES,
) -> rx.Component:
    """`accept`: photos and PDFs unless said (e.g. CSV for a list of people)."""
    picker = rx.upload.root(
        rx.el.button(
            svg_icon("paperclip", size=22, class_name="btn-icon"),
            tr(label_key),
            type="button",
            class_name=f"btn btn-{variant}",
        ),
        id=upload_id,
        accept=accept or ACCEPT,
        max_files=1,
        max_size=max_size,
        multiple=False,
        no_drag=True,
        no_keyboard=True,
        on_drop=on_drop,
        on_drop_rejected=on_drop_rejected,
    )
    _hide_the_file_input(picker)
    return picker


def _hide_the_file_input(component: rx.Component) -> None:
    """The dropzone's own file input is only visually hidden; the button is the one control,
    so the input is hidden from assistive technology too (it is never focused: tabindex -1)."""
    for child in component.children:
        if not isinstance(child, rx.Component):
            continue
        if getattr(child, "tag", "") == "input":
            child.custom_attrs["aria-hidden"] = "true"
        _hide_the_file_input(child)
