"""Turning on notifications for this device, what happened, and the devices that get them.

One piece for a patient's reminders and a clinician's risk alerts; `words` picks the texts
(`<words>.turn_on`, `<words>.push.<outcome>`, `<words>.devices_title`, ...). steady.js asks
the browser's permission only after the tap, saves the device, shows one outcome note and
clicks the hidden refresh button so the list shows the new device.
"""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import button, paragraph, tr
from portal_app.state.devices import DevicesState as D

PUSH_NOTES = ("asking", "on", "denied", "unsupported", "install", "failed")


def push_devices(words: str) -> rx.Component:
    return rx.fragment(
        button(f"{words}.turn_on", icon="bell-ring", data={"turn-on-reminders": ""}),
        rx.el.div(
            *(
                rx.el.p(
                    tr(f"{words}.push.{name}"),
                    hidden=True,
                    custom_attrs={"data-push-status": name},
                )
                for name in PUSH_NOTES
            ),
            role="status",
            class_name="message message-info push-status",
        ),
        rx.el.button(
            hidden=True,
            on_click=D.load_devices,
            custom_attrs={"data-refresh-devices": "", "aria-hidden": "true"},
            tab_index=-1,
        ),
        rx.el.h3(tr(f"{words}.devices_title")),
        rx.cond(
            D.devices.length() > 0,
            rx.el.ul(
                rx.foreach(
                    D.devices,
                    lambda d: rx.el.li(
                        rx.el.p(
                            rx.el.strong(d["device"]), " · ", tr("reminders.added"), " ", d["added"]
                        ),
                        button(
                            f"{words}.remove_device",
                            variant="secondary",
                            icon="trash-2",
                            on_click=D.remove_device(d["id"]),
                        ),
                        class_name="list-row",
                    ),
                ),
                class_name="list",
            ),
            paragraph(f"{words}.no_devices"),
        ),
    )
