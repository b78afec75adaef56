"""The page decorator: wraps a page's content in the app shell and registers its route."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from portal_app.components.app_shell import app_shell
from portal_app.content.catalog import text


@dataclass(frozen=True)
class PortalPage:
    route: str
    title: str
    render: Callable[[], rx.Component]
    public: bool
    on_load: tuple[Any, ...] = ()


PAGES: list[PortalPage] = []


def portal_page(
    route: str,
    title_key: str,
    *,
    active: str = "",
    public: bool = False,
    on_load: tuple[Any, ...] = (),
    title: str = "",
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register `route`: the content goes inside the shell, the title names the page.

    Pages are for signed-in people unless `public` (sign-in, help, crisis help, settings).
    `title` replaces the catalog title where the page's name is content (an article's title)."""

    def register(content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def render() -> rx.Component:
            return app_shell(content(), active=active)

        # Reflex puts a page's generated components in a JS module named after the module of
        # this function: the page's own, so each page loads only its own (found: all pages
        # shared one 480 KB module, because every render function was defined here).
        render.__name__, render.__module__ = content.__name__, content.__module__
        name = title or text(title_key, "en")
        PAGES.append(
            PortalPage(
                route=route,
                title=f"{name} · {text('app.name', 'en')}",
                render=render,
                public=public,
                on_load=on_load,
            )
        )
        return content

    return register
