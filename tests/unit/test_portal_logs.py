"""The portal's own log lines: an exception is logged as its type and where it happened,
never its message (SQL errors carry parameters: a patient's words); with
PORTAL_LOG_FORMAT=json each line is one JSON object with a request id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from portal_app.safe_logging import configure_portal_logging, request_id_scope

SECRET_WORDS = "I feel hopeless, said Zebracorn"


@pytest.fixture
def portal_lines() -> Iterator[tuple[io.StringIO, logging.Logger]]:
    """The portal's handler, writing into a buffer for the test."""
    logger = logging.getLogger("portal")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    logger.handlers.clear()
    yield io.StringIO(), logger
    logger.handlers[:], logger.level, logger.propagate = saved


def fail_with_words() -> None:
    raise ValueError(f"INSERT INTO check_in (note) VALUES ('{SECRET_WORDS}')")


@pytest.mark.parametrize("form", ["text", "json"])
def test_an_exception_is_logged_without_its_message(portal_lines, form: str) -> None:
    buffer, _logger = portal_lines
    configure_portal_logging("INFO", form, stream=buffer)
    try:
        fail_with_words()
    except ValueError:
        logging.getLogger("portal.background").exception("Reminder dispatch failed")
    written = buffer.getvalue()
    assert "Reminder dispatch failed" in written and "ValueError" in written
    assert "fail_with_words" in written  # where it happened
    assert "Zebracorn" not in written and "hopeless" not in written


def test_json_lines_carry_a_request_id(portal_lines) -> None:
    buffer, _logger = portal_lines
    configure_portal_logging("INFO", "json", stream=buffer)
    with request_id_scope("a1b2c3d4e5f60718"):
        logging.getLogger("portal.api").warning("Refused a call: %s", "bad origin")
    logging.getLogger("portal.api").info("Outside any request")
    first, second = (json.loads(line) for line in buffer.getvalue().splitlines())
    assert first["message"] == "Refused a call: bad origin" and first["level"] == "WARNING"
    assert first["request_id"] == "a1b2c3d4e5f60718" and first["logger"] == "portal.api"
    assert "request_id" not in second and first["time"].endswith("Z")
