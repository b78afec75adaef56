"""Device display preferences: text size, contrast and language.

They are kept on the device by assets/steady.js (applied before the page paints, and
offline), so these controls carry data-pref hooks instead of Reflex events.
"""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import button, choice_list, tr

TEXT_SIZES = (
    ("normal", "settings.text_size.normal"),
    ("large", "settings.text_size.large"),
    ("larger", "settings.text_size.larger"),
)
CONTRASTS = (("normal", "settings.contrast.normal"), ("high", "settings.contrast.high"))
LANGUAGES = (("en", "settings.language.en"), ("es", "settings.language.es"))


def text_size_choice(name: str) -> rx.Component:
    return choice_list("settings.text_size", name, TEXT_SIZES, pref="textSize")


def contrast_choice(name: str) -> rx.Component:
    return choice_list("settings.contrast", name, CONTRASTS, pref="contrast")


def language_choice(name: str) -> rx.Component:
    return choice_list("settings.language", name, LANGUAGES, pref="lang")


def first_run_prompt() -> rx.Component:
    """Shown until the person says "Looks good" (CSS hides it once data-prefs-chosen is set)."""
    return rx.el.section(
        rx.el.h2(tr("first_run.title"), id="first-run-title"),
        rx.el.p(tr("first_run.body")),
        text_size_choice("first-run-text-size"),
        contrast_choice("first-run-contrast"),
        button("first_run.done", icon="check", data={"prefs-done": ""}),
        class_name="card first-run",
        custom_attrs={"aria-labelledby": "first-run-title"},
    )
