"""One check-in in words: the day, mood, worry, sleep, tags and the patient's note (as text)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.ui import tr

MOOD_VALUES = ("1", "2", "3", "4", "5")
ANXIETY_VALUES = ("0", "1", "2", "3", "4")


def _words(value: Var[str], prefix: str, values: tuple[str, ...]) -> rx.Component:
    return rx.match(value, *((v, tr(f"{prefix}_{v}")) for v in values), rx.fragment())


def check_in_summary(row: ObjectVar[dict[str, str]]) -> list[rx.Component]:
    """The parts of a list row; the page adds its own actions after them."""
    return [
        rx.el.strong(row["day"]),
        rx.el.p(
            tr("check_in.mood_short"),
            " ",
            rx.match(
                row["mood"], *((v, tr(f"check_in.mood_{v}")) for v in MOOD_VALUES), rx.fragment()
            ),
            " · ",
            tr("check_in.anxiety_short"),
            " ",
            rx.match(
                row["anxiety"],
                *((v, tr(f"check_in.anxiety_{v}")) for v in ANXIETY_VALUES),
                rx.fragment(),
            ),
        ),
        rx.cond(row["sleep"] != "", rx.el.p(tr("check_in.sleep_short"), " ", row["sleep"])),
        rx.cond(row["note"] != "", rx.el.p(row["note"], class_name="user-text")),
    ]
