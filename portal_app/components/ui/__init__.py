"""The accessible, large-target UI kit: stateless, typed, and every control needs a label."""

from portal_app.components.ui.button import button, link_button, row_button
from portal_app.components.ui.card import card, list_card
from portal_app.components.ui.choice import check_box, choice_list, choice_row
from portal_app.components.ui.dialog import dialog
from portal_app.components.ui.field import text_field
from portal_app.components.ui.form import form
from portal_app.components.ui.layout import page_heading, stack
from portal_app.components.ui.link import nav_link
from portal_app.components.ui.message import catalog_message
from portal_app.components.ui.native_form import native_form
from portal_app.components.ui.settings_form import settings_form
from portal_app.components.ui.text import paragraph, tr

__all__ = [
    "button",
    "card",
    "catalog_message",
    "check_box",
    "choice_list",
    "choice_row",
    "dialog",
    "form",
    "link_button",
    "list_card",
    "native_form",
    "nav_link",
    "page_heading",
    "paragraph",
    "row_button",
    "settings_form",
    "stack",
    "text_field",
    "tr",
]
