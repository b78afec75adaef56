"""Free support outside the clinic: crisis lines, helplines and meeting finders, in both
languages. Built into the page from content data (no server call), so it opens offline like
the articles."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.ui import page_heading, paragraph, stack
from portal_app.components.ui.icon import svg_icon
from portal_app.content.catalog import LANGUAGES
from portal_app.content.community import community_resources
from portal_app.pages.registry import portal_page

ICONS = {"call": "phone", "text": "message-square", "web": "globe"}


def _both(texts: dict[str, str], tag: Any = rx.el.span) -> list[rx.Component]:
    return [tag(texts[lang], lang=lang, class_name="i18n") for lang in LANGUAGES]


def _resource(resource: dict[str, Any]) -> rx.Component:
    return rx.el.li(
        rx.el.h2(*_both(resource["name"]), class_name="card-title"),
        rx.el.p(*_both(resource["about"])),
        rx.el.div(
            *(
                rx.el.a(
                    svg_icon(ICONS.get(link["kind"], "globe"), size=22, class_name="btn-icon"),
                    *_both(link["label"]),
                    href=link["href"],
                    class_name="btn btn-secondary",
                    **(
                        {"rel": "noopener noreferrer", "target": "_blank"}
                        if link["kind"] == "web"
                        else {}
                    ),
                )
                for link in resource["links"]
            ),
            class_name="button-list",
        ),
        class_name="card stack",
    )


@portal_page("/community", "community.title", active="more", public=True)
def community() -> rx.Component:
    return stack(
        page_heading("community.title", "community.intro"),
        rx.el.ul(*(_resource(r) for r in community_resources()), class_name="list card-list"),
        paragraph("community.note"),
    )
