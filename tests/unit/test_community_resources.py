"""The community resources are complete in both languages and every link is one a tap can
follow on a phone (tel:, sms: or https:), none to a plain-http page."""

from __future__ import annotations

from portal_app.content.catalog import LANGUAGES
from portal_app.content.community import LINK_SCHEMES, community_resources


def test_every_resource_is_in_both_languages_with_links_a_tap_can_follow() -> None:
    found = community_resources()
    assert {
        "lifeline_988",
        "lifeline_988_spanish",
        "nami_helpline",
        "smart_recovery",
        "aa",
        "na",
        "al_anon",
    } <= {r["id"] for r in found}
    for resource in found:
        for field in ("name", "about"):
            assert all(resource[field][lang].strip() for lang in LANGUAGES), resource["id"]
        assert resource["links"], resource["id"]
        for link in resource["links"]:
            assert link["href"].startswith(LINK_SCHEMES), link["href"]
            assert all(link["label"][lang].strip() for lang in LANGUAGES)
