"""Every form of the portal: the browser keeps nothing of what is typed or shown in it.

`autocomplete="off"` on the form keeps its fields out of the browser's autofill lists and
out of the page state Chromium writes to disk for restoring tabs (found: a patient's safety
plan in the profile's Sessions files after sign-out). A field with its own token (email,
current-password, one-time-code) keeps that token, so password managers still help.
tests/unit/test_ui_kit.py fails on a form built any other way.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def form(*children: rx.Component, **props: Any) -> rx.Component:
    return rx.el.form(*children, auto_complete="off", **props)
