"""Icons from one SVG sprite (assets/icons.svg, from Lucide, ISC licence).

Each icon is a few bytes of static markup pointing into the sprite, which the phone fetches
once (and the service worker keeps for offline use), instead of one JavaScript module per
icon on every page: on a slow network each extra request holds the page back. Icons are
decoration beside a visible word, so they are hidden from screen readers.
"""

from __future__ import annotations

import re
from pathlib import Path

import reflex as rx

SPRITE = Path(__file__).resolve().parents[3] / "assets" / "icons.svg"
SPRITE_URL = "/icons.svg"
# The icons the portal uses: `make icons` builds the sprite from exactly these.
ICON_NAMES: tuple[str, ...] = (
    "annoyed", "arrow-left", "arrow-right", "bell", "bell-ring", "book-open", "calendar",
    "calendar-plus", "chart-line", "check", "chevron-left", "chevron-right", "circle-help",
    "circle-stop", "clipboard-list", "clock", "download", "ellipsis", "eye", "eye-off",
    "file-check", "file-up", "fingerprint", "folder-open", "forward", "frown", "globe", "hand",
    "house", "key-round", "laugh", "list-checks", "lock", "log-in", "log-out", "mail", "meh",
    "message-circle", "message-square", "notebook-pen", "paperclip", "pencil", "phone", "pill",
    "play", "plus", "printer", "rotate-ccw", "save", "search", "send", "settings", "share",
    "shield", "shield-check", "shield-off", "siren", "smile", "square", "trash-2", "undo-2",
    "user", "user-check", "user-plus", "user-round", "user-x", "users", "volume-2", "wind", "x",
)  # fmt: skip


def sprite_ids() -> set[str]:
    return set(re.findall(r'<symbol id="([a-z0-9-]+)"', SPRITE.read_text("utf-8")))


def svg_icon(name: str, *, size: int = 22, class_name: str = "") -> rx.Component:
    """The icon `name` at `size` CSS px, drawn in the text colour around it."""
    if name not in ICON_NAMES:
        raise ValueError(f"icon {name!r} is not in the sprite; add it to ICON_NAMES")
    return rx.el.svg(
        rx.el.svg.use(href=f"{SPRITE_URL}#{name}"),
        width=size,
        height=size,
        view_box="0 0 24 24",
        class_name=" ".join(("icon", class_name)).strip(),
        custom_attrs={"aria-hidden": "true", "focusable": "false"},
    )
