"""Crisis options: real tel:/sms: links, national lines first, the clinic's line when known."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import link_button


def help_now_button() -> rx.Component:
    """The "Get help now" link: it opens the crisis dialog in place (steady.js),
    so it works before the app has loaded and with the network down."""
    return link_button(
        "help_now.button",
        "/crisis",
        variant="crisis",
        icon="phone",
        data={"opens-dialog": "crisis-dialog"},
    )
