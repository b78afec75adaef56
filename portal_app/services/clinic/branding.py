"""A clinic's look: its colours (checked for contrast before they are saved), the stylesheet
lines that apply them, and the web app manifest a patient installs ("Riverside", not a
generic app). Pure functions: the routes in api/branding.py serve them per hostname."""

from __future__ import annotations

import re
from typing import Any

from portal_app.content.catalog import text

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE, PAGE_BG = "#ffffff", "#f4f6f8"
TEXT_CONTRAST = 4.5  # WCAG AA for normal text: the brand colour is the colour of links and buttons
CONTROL_CONTRAST = 3.0  # WCAG 1.4.11 for the parts of controls the accent colour draws


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_problem(primary: str, accent: str) -> str:
    """ "" when both colours can be used, else which rule they break ("shape", "primary" or
    "accent"): the primary colour carries text on white and white text on it; the accent
    draws control edges and highlights on the page."""
    if not (HEX_COLOUR.match(primary) and HEX_COLOUR.match(accent)):
        return "shape"
    if min(contrast_ratio(primary, WHITE), contrast_ratio(primary, PAGE_BG)) < TEXT_CONTRAST:
        return "primary"
    if contrast_ratio(accent, PAGE_BG) < CONTROL_CONTRAST:
        return "accent"
    return ""


def _tint(colour: str, share: float) -> str:
    """The colour mixed into white (share of the colour kept), for soft backgrounds."""
    parts = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - p) * share):02x}" for p in parts)


def brand_css(primary: str, accent: str) -> str:
    """The clinic's colours as the stylesheet's variables (high contrast mode still wins: its
    rule is more specific than :root)."""
    if colour_problem(primary, accent):  # never serve a colour that was not checked
        return ""
    return (
        f":root{{--brand:{primary.lower()};--brand-soft:{_tint(primary, 0.12)};"
        f"--accent:{accent.lower()}}}\n"
    )


def short_name(name: str) -> str:
    """What shows under the icon on a home screen: the first words that fit in 12 letters."""
    words, kept = name.split(), ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if len(candidate) > 12:
            break
        kept = candidate
    return kept or name[:12]


ICON_SIZES = ((192, "any"), (512, "any"), (192, "maskable"), (512, "maskable"))


def web_app_manifest(name: str, primary: str, language: str, icon_base: str) -> dict[str, Any]:
    """The manifest a patient installs from this clinic's hostname. `icon_base` is where the
    icons are ("/icons" for the portal's own)."""
    icons = [
        {
            "src": f"{icon_base}/{'maskable' if purpose == 'maskable' else 'icon'}-{size}.png",
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for size, purpose in ICON_SIZES
    ]
    theme = primary.lower() if HEX_COLOUR.match(primary) else "#1d4e89"
    help_now = text("help_now.button", language)
    return {
        "id": "/",
        "name": name,
        "short_name": short_name(name),
        "description": text("manifest.description", language),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "lang": language,
        "dir": "ltr",
        "theme_color": theme,
        "background_color": PAGE_BG,
        "categories": ["health", "medical"],
        "icons": icons,
        "shortcuts": [
            {
                "name": help_now,
                "short_name": help_now,
                "url": "/crisis",
                "icons": [{"src": icons[0]["src"], "sizes": "192x192", "type": "image/png"}],
            }
        ],
    }
