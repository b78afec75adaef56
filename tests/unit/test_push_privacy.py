"""Every notification the code can produce says only neutral words from a fixed set: no
medicine, condition, clinic type or name on any lock screen, in any language or look."""

from __future__ import annotations

import itertools
import re
import uuid

from portal_app.content.catalog import LANGUAGES, text
from portal_app.services.medication.push_payloads import BODY_KEY, OPENS, payload_for
from portal_app.services.medication.reminders import KINDS

ALLOWED_KEYS = {
    "push.title.app",
    "push.title.neutral",
    "push.body.reminder",
    "push.body.message",
    "push.body.update",
    "push.action.taken",
    "push.action.snooze",
}
# Words that would tell a stranger what the care is about.
REVEALING = re.compile(
    r"medic|pill|dose|dosis|tablet|pastilla|refill|receta|depress|anxi|ansie|mental|psych|"
    r"therap|terap|suicid|crisis|alcohol|drug|droga|opioid|sertral|naltrex|clinic|doctor|"
    r"dr\.|counsel|behavio|conduct|substance|sustanc|recovery|rehab",
    re.IGNORECASE,
)


def every_payload():
    for kind, language, neutral in itertools.product(KINDS, LANGUAGES, (False, True)):
        yield payload_for(kind, language, neutral=neutral, reminder_id=uuid.uuid4(), token="t" * 64)


def test_every_kind_has_a_text_and_a_screen():
    assert set(BODY_KEY) == set(KINDS) == set(OPENS)


def test_every_payload_uses_only_the_fixed_neutral_texts():
    fixed = {text(key, lang) for key in ALLOWED_KEYS for lang in LANGUAGES}
    count = 0
    for payload in every_payload():
        shown = [payload["title"], payload["body"], *(a["title"] for a in payload["actions"])]
        for words in shown:
            assert words in fixed, words
            assert not REVEALING.search(words), words
        assert set(payload) == {
            "title",
            "body",
            "icon",
            "tag",
            "url",
            "actions",
            "reminder",
            "token",
            "lang",
        }
        assert payload["url"].startswith("/") and "?" not in payload["url"]
        count += 1
    assert count == len(KINDS) * len(LANGUAGES) * 2


def test_the_neutral_look_leaves_out_the_app_name_and_icon():
    for payload in every_payload():
        if payload["title"] in {text("push.title.neutral", lang) for lang in LANGUAGES}:
            assert "Steady" not in str(payload) and payload["icon"].endswith("bell-192.png")
