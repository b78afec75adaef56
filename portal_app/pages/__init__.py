"""One module per route; importing this package registers every page."""

from portal_app.pages import (
    account,
    admin_audit,
    admin_people,
    alerts,
    check_in,
    crisis,
    help,
    home,
    medicines,
    messages,
    more,
    not_found,
    questionnaires,
    reminders,
    settings,
    sign_in,
    trends,
)
from portal_app.pages.registry import PAGES

__all__ = [
    "PAGES",
    "account",
    "admin_audit",
    "admin_people",
    "alerts",
    "check_in",
    "crisis",
    "help",
    "home",
    "medicines",
    "messages",
    "more",
    "not_found",
    "questionnaires",
    "reminders",
    "settings",
    "sign_in",
    "trends",
]
