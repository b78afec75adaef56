"""Your account: where you are signed in (sign any device out), and who looked at your record."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.account_sections import (
    access_log_item,
    coming_soon_card,
    contact_card,
    display_card,
    password_card,
    profile_card,
    second_step_card,
)
from portal_app.components.ui import button, card, page_heading, paragraph, stack, tr
from portal_app.pages.registry import portal_page
from portal_app.state.account import AccountState
from portal_app.state.account_security import AccountSecurityState
from portal_app.state.contact import ContactState
from portal_app.state.viewer import ViewerState


def _device(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["device"]),
        rx.cond(row["current"] == "yes", rx.el.span(" · ", tr("account.this_device"))),
        rx.el.p(tr("account.last_active"), " ", row["last_active"]),
        rx.cond(
            row["current"] == "yes",
            rx.fragment(),
            button(
                "account.sign_out_there",
                variant="secondary",
                icon="log-out",
                on_click=AccountState.sign_out_device(row["id"]),
            ),
        ),
        class_name="list-row",
    )


def _passkey(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["name"]),
        rx.el.p(tr("passkey.added_on"), " ", row["added"]),
        rx.el.p(
            tr("passkey.last_used"),
            " ",
            rx.cond(row["last_used"] != "", row["last_used"], tr("passkey.never_used")),
        ),
        button(
            "passkey.remove",
            variant="secondary",
            icon="trash-2",
            on_click=AccountState.remove_passkey(row["id"]),
        ),
        class_name="list-row",
    )


def _passkeys_card() -> rx.Component:
    return card(
        "passkey.title",
        paragraph("passkey.intro"),
        rx.cond(
            AccountState.passkeys.length() > 0,
            rx.el.ul(rx.foreach(AccountState.passkeys, _passkey), class_name="list"),
            paragraph("passkey.none"),
        ),
        rx.el.div(
            button("passkey.add", icon="fingerprint", data={"add-passkey": ""}),
            class_name="passkey-only",
        ),
        rx.el.div(paragraph("passkey.not_supported"), class_name="passkey-missing"),
        # steady.js clicks this after it adds a passkey, so the list above is fetched again.
        rx.el.button(
            hidden=True,
            on_click=AccountState.load_account,
            custom_attrs={"data-refresh-account": "", "aria-hidden": "true"},
            tab_index=-1,
        ),
    )


@portal_page(
    "/account",
    "account.title",
    active="more",
    on_load=(
        AccountState.load_account,
        AccountSecurityState.load_security,
        ContactState.load_contact,
    ),
)
def account() -> rx.Component:
    return stack(
        page_heading("account.title"),
        profile_card(),
        contact_card(),
        _passkeys_card(),
        password_card(),
        second_step_card(),
        card(
            "account.devices_title",
            paragraph("account.devices_intro"),
            rx.el.ul(rx.foreach(AccountState.devices, _device), class_name="list"),
            button(
                "account.sign_out_others",
                variant="secondary",
                icon="log-out",
                on_click=AccountState.sign_out_everywhere_else,
            ),
        ),
        rx.cond(
            AccountState.is_patient,
            card(
                "account.looked_title",
                paragraph("account.looked_intro"),
                rx.cond(
                    AccountState.looked.length() > 0,
                    rx.el.ul(rx.foreach(AccountState.looked, access_log_item), class_name="list"),
                    paragraph("account.looked_none"),
                ),
            ),
        ),
        display_card(),
        rx.cond(ViewerState.role == "patient", coming_soon_card()),
    )
