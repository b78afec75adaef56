"""Translated text that works before React loads and offline.

Each string is rendered once per language in a `lang`-tagged span; CSS shows the one that
matches <html data-lang>. Hidden spans are display:none, so screen readers and accessible
names only ever get the visible language.
"""

from __future__ import annotations

import reflex as rx

from portal_app.content.catalog import LANGUAGES, text


def tr(key: str) -> rx.Component:
    """The catalog string `key` in every language; the page shows the reader's one."""
    return rx.fragment(
        *(rx.el.span(text(key, lang), lang=lang, class_name="i18n") for lang in LANGUAGES)
    )


def paragraph(key: str, *, class_name: str = "") -> rx.Component:
    return rx.el.p(tr(key), class_name=class_name or None)
