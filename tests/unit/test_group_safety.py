"""Crisis words in a group post, in English and Spanish, and the everyday sayings that must not
hold a post (false alarms would teach people that the space is not for them)."""

from __future__ import annotations

import pytest

from portal_app.content.group_safety import has_crisis_words

HELD = [
    "I want to kill myself",
    "honestly i wanna die",
    "Everyone would be better off without me.",
    "I don\u2019t want to live like this",  # a phone's curly apostrophe
    "I have been cutting myself again",
    "thinking about suicide",
    "Me quiero MORIR",
    "ya no quiero vivir así",
    "pensé en quitarme la vida",
    "Estarían mejor sin mí",  # accents folded
    "quiero hacerme daño",
]
EVERYDAY = [
    "This traffic is killing me",
    "I killed it at my job interview!",
    "dead tired after the late shift",
    "my phone died halfway through the call",
    "I laughed so hard I almost died",
    "we went to skill-share night",
    "la tarea me está matando",
    "me muero de risa con mi hija",
    "estoy muerta de cansancio",
    "I cut my hair myself",
    "overdue bills are stressing me out",
]


@pytest.mark.parametrize("text", HELD)
def test_crisis_words_hold_a_post(text: str) -> None:
    assert has_crisis_words(text)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_sayings_are_not_crisis_words(text: str) -> None:
    assert not has_crisis_words(text)
