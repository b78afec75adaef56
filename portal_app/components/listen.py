"""'Listen': the browser's own speech reads a part of the page aloud, in the page's language.
No outside service; shown only where the browser can speak (steady.js marks that)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import tr
from portal_app.components.ui.icon import svg_icon


def listen_button(target_id: str) -> rx.Component:
    return rx.el.button(
        svg_icon("volume-2", size=22, class_name="btn-icon"),
        tr("listen.button"),
        type="button",
        class_name="btn btn-secondary listen-button",
        custom_attrs={"data-listen": target_id},
    )
