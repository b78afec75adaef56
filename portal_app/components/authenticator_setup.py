"""Adding an authenticator app: the QR code to scan, and the key to type if scanning fails."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from portal_app.components.ui import paragraph, tr


def authenticator_setup(
    intro_key: str, qr: Var[str], key: Var[str], *, caption_id: str
) -> rx.Component:
    return rx.fragment(
        paragraph(intro_key),
        rx.el.img(
            src=qr,
            class_name="qr-code",
            width="250",
            height="250",
            custom_attrs={"aria-labelledby": caption_id},
        ),
        rx.el.p(tr("second.qr_caption"), id=caption_id, class_name="field-hint"),
        rx.el.p(tr("second.key_label")),
        rx.el.p(key, class_name="secret-key", translate="no"),
    )
