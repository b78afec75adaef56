"""Crisis resources shown by "Get help now", on every page and offline.

Numbers are the real US lines. Each option is a real tel:/sms:/https: link so one tap acts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisOption:
    key: str  # catalog key prefix: crisis.<key>.title / crisis.<key>.detail
    href: str
    kind: str  # "call", "text" or "chat": picks the icon and the button style
    urgent: bool = False


CRISIS_OPTIONS: tuple[CrisisOption, ...] = (
    CrisisOption("call_988", "tel:988", "call"),
    CrisisOption("text_988", "sms:988", "text"),
    CrisisOption("chat_988", "https://988lifeline.org/chat/", "chat"),
    CrisisOption("veterans", "tel:988,1", "call"),
    CrisisOption("veterans_text", "sms:838255", "text"),
    CrisisOption("spanish", "tel:988,2", "call"),
    CrisisOption("crisis_text_line", "sms:741741?&body=HOME", "text"),
    CrisisOption("emergency", "tel:911", "call", urgent=True),
)


def tel_href(phone: str) -> str:
    """A tel: link from a printed number such as "(555) 010-0199"."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}"
