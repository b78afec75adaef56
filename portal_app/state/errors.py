"""What a person sees when an event handler fails: kind words, never a stack trace.

What reaches the server log from here is bounded: a browser's error report is text anyone
can send, so it is cleaned, cut short and rationed (safe_logging.LogBudget).
"""

import logging
import time

from reflex.event import EventSpec

from portal_app.safe_logging import LogBudget, client_text, describe_exception
from portal_app.state.notice import NoticeState

logger = logging.getLogger("portal.events")
REPORT_CHARS = 300
_reports = LogBudget(per_window=30, window_s=60.0)
_failures = LogBudget(per_window=120, window_s=60.0)


def _budgeted(budget: LogBudget, what: str) -> bool:
    allowed, dropped = budget.take(time.monotonic())
    if dropped:
        logger.warning("%d more %s in the last minute were not logged", dropped, what)
    return allowed


def kind_backend_error(exception: Exception) -> EventSpec:
    if _budgeted(_failures, "failed events"):
        logger.error("Event handler failed: %s", describe_exception(exception))
    # Reflex types an @rx.event handler as its EventNamespace for mypy (docs/ARCHITECTURE.md).
    return NoticeState.show_error()  # type: ignore[operator,no-any-return]


def log_frontend_report(exception: Exception) -> None:
    """A browser's own error report: one cleaned, shortened line, within the budget."""
    if _budgeted(_reports, "browser error reports"):
        logger.warning("Browser error report: %s", client_text(str(exception), REPORT_CHARS))
