"""Free support outside the clinic (content/groups/community_resources.json), kept as data so
it can be checked and changed without code, and shown offline like the articles."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RESOURCES_FILE = Path(__file__).parent / "groups" / "community_resources.json"
LINK_SCHEMES = ("tel:", "sms:", "https://")


@cache
def community_resources() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(RESOURCES_FILE.read_text("utf-8"))["resources"]
    return loaded
