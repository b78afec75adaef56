"""A message chosen at run time from a fixed set of catalog keys (errors, confirmations).

The region is always in the page, so screen readers announce it when its text changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import reflex as rx

from portal_app.components.ui.text import tr
from portal_app.components.ui.var_types import Text


def catalog_message(
    key: Text, keys: Sequence[str], *, tone: Literal["error", "info"] = "error"
) -> rx.Component:
    return rx.el.div(
        *(rx.cond(key == k, rx.el.p(tr(k))) for k in keys),
        role="alert" if tone == "error" else "status",
        class_name=rx.cond(key != "", f"message message-{tone}", "message"),
    )
