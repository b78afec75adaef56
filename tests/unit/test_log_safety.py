"""What clients send cannot forge, flood or fill the server log; a flood of events is refused."""

from __future__ import annotations

import logging

from portal_app.safe_logging import ClientEchoFilter, LogBudget, client_text
from portal_app.state.event_limits import NOTICE_EVERY_S, EventRateLimit


def test_client_text_is_one_short_line() -> None:
    forged = "boom\n2026-12-03 ERROR admin\x1b[31m" + "A" * 5000
    shown = client_text(forged, 100)
    assert "\n" not in shown and "\x1b" not in shown
    assert shown.startswith("boom\\x0a2026-12-03 ERROR admin\\x1b[31m")
    assert shown.endswith("(5032 characters)") and len(shown) < 130
    assert client_text("plain words") == "plain words"


def test_a_log_budget_counts_what_it_drops_and_says_so_next_window() -> None:
    budget = LogBudget(per_window=3, window_s=60)
    taken = [budget.take(0.0)[0] for _ in range(10)]
    assert taken == [True] * 3 + [False] * 7
    assert budget.take(61.0) == (True, 7)
    assert budget.take(62.0) == (True, 0)


def test_reflex_echoes_of_client_events_become_one_short_line() -> None:
    record = logging.LogRecord(
        "reflex_base.event.processor.event_processor",
        logging.ERROR,
        __file__,
        1,
        "Error processing event queue entry for Event(name='x\\nFORGED', payload={'note': "
        "'I feel'}) [txid=1]:",
        (),
        (KeyError, KeyError("x"), None),
    )
    kept = ClientEchoFilter(LogBudget(per_window=1, window_s=60)).filter(record)
    assert kept and record.getMessage() == "Refused an event for a handler that does not exist"
    assert record.exc_info is None
    payload = logging.LogRecord(
        "reflex_base.event.processor.base_state_processor",
        logging.WARNING,
        __file__,
        1,
        "Error transforming event payload for handler CheckInState.save: 1 validation error "
        "input_value='my private note'",
        (),
        None,
    )
    assert ClientEchoFilter(LogBudget(per_window=5, window_s=60)).filter(payload)
    assert payload.getMessage() == "Refused arguments that do not fit CheckInState.save"


def test_a_connection_gets_a_burst_then_a_steady_rate_and_one_notice() -> None:
    limit = EventRateLimit(per_second=10.0, burst=20)
    results = [limit.admit("tab", 0.0) for _ in range(25)]
    assert [allowed for allowed, _ in results] == [True] * 20 + [False] * 5
    assert [tell for _, tell in results] == [False] * 20 + [True] + [False] * 4
    assert limit.admit("tab", 0.5) == (True, False)  # refilled: 5 more
    assert limit.admit("other-tab", 0.5) == (True, False)  # each connection its own
    assert [limit.admit("tab", 0.5)[0] for _ in range(10)].count(True) == 4
    assert limit.admit("tab", 0.6 + NOTICE_EVERY_S)[0] is True
