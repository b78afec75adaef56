"""What people type is shown as text, never as markup. Only plain web addresses become links.

A message is split into pieces: text pieces are shown as text (React escapes them), and link
pieces only ever hold an http(s) address that was written out in full. No other scheme
(javascript:, data:, vbscript:, file:) can become a link, and invisible or direction-changing
characters cannot hide in a link's address.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_ADDRESS = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
MAX_LINK = 500


def _safe_address(candidate: str) -> str | None:
    if len(candidate) > MAX_LINK:
        return None
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not all(c.isascii() for c in parts.hostname) or "@" in parts.netloc:
        return None  # look-alike hosts and "user@host" tricks stay plain text
    return candidate


def pieces(text: str) -> list[dict[str, str]]:
    """Pieces {"text", "link"} in order, whose texts join back to the original; "link" is
    the safe address for a link piece and "" for plain text."""
    found: list[dict[str, str]] = []
    at = 0
    for match in _ADDRESS.finditer(text):
        address = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(address)
        safe = _safe_address(address)
        if safe is None:
            continue
        if start > at:
            found.append({"text": text[at:start], "link": ""})
        found.append({"text": safe, "link": safe})
        at = end
    if at < len(text):
        found.append({"text": text[at:], "link": ""})
    return found
