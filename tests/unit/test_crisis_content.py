"""Crisis help: the real numbers, as links a phone can act on, in the app and offline."""

from __future__ import annotations

import re

from portal_app.content.catalog import text
from portal_app.content.crisis import CRISIS_OPTIONS, tel_href
from portal_app.server_rendered.offline_page import render_offline_page

REQUIRED_LINKS = {
    "tel:988",
    "sms:988",
    "tel:988,1",
    "tel:988,2",
    "sms:741741?&body=HOME",
    "tel:911",
}


def test_the_required_lines_are_all_there() -> None:
    assert {option.href for option in CRISIS_OPTIONS} >= REQUIRED_LINKS


def test_every_option_has_words_in_both_languages() -> None:
    for option in CRISIS_OPTIONS:
        for language in ("en", "es"):
            assert text(f"crisis.{option.key}.title", language)
            assert text(f"crisis.{option.key}.detail", language)


def test_clinic_numbers_become_dialable_links() -> None:
    assert tel_href("(555) 010-0199") == "tel:5550100199"
    assert tel_href("+1 555 010 0199") == "tel:+15550100199"


def test_offline_page_has_every_line_in_both_languages() -> None:
    page = render_offline_page()
    hrefs = set(re.findall(r'href="([^"]+)"', page))
    assert {h.replace("&amp;", "&") for h in hrefs} >= REQUIRED_LINKS
    assert text("offline.title", "en") in page
    assert text("offline.title", "es") in page


def test_offline_page_runs_no_script_but_the_shipped_helper() -> None:
    page = render_offline_page()
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/steady.js">']
    assert "http://" not in page and "https://fonts" not in page
