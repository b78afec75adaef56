"""The kit's contracts: labels are tied to their controls, hints are announced."""

from __future__ import annotations

import re

import pytest

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


def test_icons_come_from_the_one_sprite_not_a_script_each() -> None:
    """rx.icon makes one JavaScript module per icon: on a slow network each is a request
    that holds the page back (found: Home fetched ten icon modules before its first paint)."""
    from pathlib import Path

    import portal_app
    from portal_app.components.ui.icon import ICON_NAMES, sprite_ids, svg_icon

    root = Path(portal_app.__file__).parent
    assert [
        str(p.relative_to(root)) for p in root.rglob("*.py") if "rx.icon(" in p.read_text()
    ] == []
    assert sprite_ids() == set(ICON_NAMES)  # `make icons` rebuilds it from the list
    drawn = rendered(svg_icon("phone", class_name="btn-icon"))
    assert 'href:"/icons.svg#phone"' in drawn and '"aria-hidden":"true"' in drawn
    with pytest.raises(ValueError, match="not in the sprite"):
        svg_icon("no-such-icon")


def test_the_static_shell_draws_icons_from_the_same_sprite() -> None:
    """The dialogs and notices are plain HTML (server_rendered/html_parts.py): their icons
    must be ones the sprite has, drawn with the same markup as svg_icon."""
    import re as regex

    from portal_app.components.ui.icon import ICON_NAMES
    from portal_app.server_rendered.html_parts import crisis_help_html, icon_html

    used = set(regex.findall(r'href="/icons\.svg#([a-z0-9-]+)"', crisis_help_html()))
    assert used and used <= set(ICON_NAMES)
    drawn = icon_html("phone", class_name="btn-icon")
    assert 'aria-hidden="true"' in drawn and 'class="icon btn-icon"' in drawn
    assert '<use href="/icons.svg#phone">' in drawn
