"""Every UI string exists in English and Spanish, and every page renders from the catalog."""

from __future__ import annotations

import pytest

from portal_app.content.catalog import LANGUAGES, strings, text


def test_english_and_spanish_have_the_same_keys() -> None:
    assert set(strings("en")) == set(strings("es"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_string_is_blank(language: str) -> None:
    assert [key for key, value in strings(language).items() if not value.strip()] == []


def test_spanish_is_actually_translated() -> None:
    # Brand names and numbers may match; sentences must not.
    same = [k for k in strings("en") if len(text(k, "en")) > 20 and text(k, "en") == text(k, "es")]
    assert same == []


def test_a_missing_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        text("no.such.key", "en")


def test_every_page_renders_with_catalog_strings_only() -> None:
    from portal_app.pages import PAGES

    assert {page.route for page in PAGES} >= {"/", "/sign-in", "/help", "/settings", "/crisis"}
    for page in PAGES:
        page.render()  # raises KeyError on any string missing from the catalog
