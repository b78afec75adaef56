"""What a person sees when an event handler fails: kind words, never a stack trace."""

import logging

import reflex as rx

from portal_app.safe_logging import describe_exception
from portal_app.state.notice import NoticeState

logger = logging.getLogger("portal.events")


def kind_backend_error(exception: Exception) -> rx.event.EventSpec:
    logger.error("Event handler failed: %s", describe_exception(exception))
    return NoticeState.show_error()
