"""Words a person typed (a medicine's instructions, a message) are shown as they were written,
in their language; on a Spanish screen a short line says so (found: English instructions on
Spanish screens with no word about why)."""

from __future__ import annotations

import reflex as rx

from portal_app.content.catalog import text


def as_written() -> rx.Component:
    """Shown only on Spanish screens (the i18n rules hide it in English)."""
    return rx.el.p(text("written.as_is", "es"), lang="es", class_name="i18n field-hint")
