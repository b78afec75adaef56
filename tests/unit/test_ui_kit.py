"""The kit's contracts: labels are tied to their controls, hints are announced."""

from __future__ import annotations

import re

from portal_app.components.ui import choice_list, text_field


def rendered(component) -> str:
    return str(component)


def test_text_field_label_points_at_its_input_and_hint() -> None:
    html = rendered(text_field("settings.language", "nickname", hint_key="settings.intro"))
    assert re.search(r'htmlFor:"field-nickname"', html)
    assert re.search(r'id:"field-nickname"', html)
    assert re.search(r'"aria-describedby":"field-nickname-hint"', html)
    assert re.search(r'id:"field-nickname-hint"', html)


def test_choice_list_has_a_legend_and_one_radio_per_option() -> None:
    html = rendered(
        choice_list(
            "settings.contrast",
            "c",
            [("a", "settings.contrast.normal"), ("b", "settings.contrast.high")],
        )
    )
    assert html.count('type:"radio"') == 2
    assert "legend" in html and "Contrast" in html and "Contraste" in html


def test_every_form_is_the_kits_form_that_the_browser_keeps_nothing_of() -> None:
    """Chromium writes form state to disk for restoring tabs unless autocomplete is off: a
    form built directly (rx.el.form / rx.form) would leave what it showed on a shared phone."""
    from pathlib import Path

    import portal_app

    root = Path(portal_app.__file__).parent
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "form.py"
        and ("rx.el.form(" in path.read_text() or "rx.form(" in path.read_text())
    ]
    assert direct == []
    from portal_app.components.ui import form

    assert 'autoComplete:"off"' in str(form()).replace(" ", "")


def test_nothing_asks_the_browser_to_run_script_text() -> None:
    """rx.call_script and its kin run through eval, which the Content-Security-Policy
    forbids: they would fail silently in the browser (found: the safety plan's offline copy
    was never refreshed after a save). Pages mark what happened; steady.js acts on it."""
    from pathlib import Path

    import portal_app

    root = Path(portal_app.__file__).parent
    calls = ("call_script(", "call_function(", "rx.script(")
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if any(call in path.read_text() for call in calls)
    ]
    assert found == []
