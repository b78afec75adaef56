"""Signing out empties every state that holds a person's own data: each Reflex state is either
in ViewerState's reset list or named here with why it holds nothing personal."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import reflex as rx

import portal_app.state as state_package
from portal_app.state.viewer import PERSONAL_STATES

NOTHING_PERSONAL = {
    "ClinicState": "the clinic's name, colours and phone numbers",
    "GroundingState": "which grounding step is showing; nothing typed is kept",
    "NoticeState": "which short notice to show",
    "SessionBindingState": "backend only: which session the personal states belong to",
    "SignInState": "the sign-in form; cleared by its own flow",
    "ViewerState": "does the reset itself",
}


def test_every_state_is_reset_at_sign_out_or_holds_nothing_personal() -> None:
    found = set()
    for module in pkgutil.iter_modules(state_package.__path__):
        loaded = importlib.import_module(f"portal_app.state.{module.name}")
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            # A mixin is no state of its own: its vars live in the states made from it.
            mixin = getattr(cls, "_mixin", False)
            if issubclass(cls, rx.State) and cls.__module__ == loaded.__name__ and not mixin:
                found.add(name)
    personal = {cls.__name__ for cls in PERSONAL_STATES}
    assert {"ReadingState", "TeamReadingState"} <= found
    assert found - personal - NOTHING_PERSONAL.keys() == set()
    assert personal & NOTHING_PERSONAL.keys() == set()
