"""The clinic's own website, for clinic admins: which sites may show the portal's public
pieces (crisis help, a visit request, reading, sign-in), the code to paste, and a preview."""

from __future__ import annotations

import reflex as rx

from portal_app.components.ui import (
    button,
    card,
    choice_row,
    page_heading,
    paragraph,
    settings_form,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.admin_website import PIECES, PROBLEMS
from portal_app.state.admin_website import AdminWebsiteState as S


def _origins_form() -> rx.Component:
    return settings_form(
        rx.el.h2(tr("website.origins_title"), class_name="card-title"),
        rx.el.label(tr("website.origins_label"), html_for="origins", class_name="field-label"),
        rx.el.p(tr("website.origins_hint"), id="origins-hint", class_name="field-hint"),
        rx.el.textarea(
            id="origins",
            name="origins",
            rows=3,
            default_value=S.origins,
            class_name="field-input",
            custom_attrs={"aria-describedby": "origins-hint"},
        ),
        rx.cond(S.origins == "", paragraph("website.none_yet")),
        problem=S.problem,
        problems=PROBLEMS,
        saved=S.saved,
        saved_key="website.saved",
        save_key="website.save",
        form_key=S.form_key,
        on_submit=S.save,
    )


def _pieces() -> rx.Component:
    return card(
        "website.piece_title",
        rx.el.fieldset(
            rx.el.legend(tr("website.piece_title"), class_name="visually-hidden"),
            *(
                choice_row(
                    "piece",
                    piece,
                    tr(f"embed.piece.{piece}"),
                    checked=S.piece == piece,
                    on_change=S.choose(piece),
                )
                for piece in PIECES
            ),
            # Ticks are drawn once: again after each load (the clinic's first language).
            key="pieces-" + S.form_key.to_string(),
            class_name="choices",
        ),
        rx.el.fieldset(
            rx.el.legend(tr("website.language_legend")),
            *(
                choice_row(
                    "piece-language",
                    lang,
                    tr(f"brand.language.{lang}"),
                    checked=S.language == lang,
                    on_change=S.choose_language(lang),
                )
                for lang in ("en", "es")
            ),
            key="languages-" + S.form_key.to_string(),
            class_name="choices",
        ),
    )


def _code(label: str, hint: str, field_id: str, value: rx.Var[str]) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label), html_for=field_id, class_name="field-label"),
        rx.el.p(tr(hint), id=f"{field_id}-hint", class_name="field-hint"),
        rx.el.textarea(
            id=field_id,
            value=value,
            read_only=True,
            rows=4,
            class_name="field-input code-box",
            custom_attrs={"aria-describedby": f"{field_id}-hint"},
        ),
        class_name="field",
    )


def _snippets() -> rx.Component:
    return card(
        "website.snippet_title",
        _code("website.snippet_label", "website.snippet_hint", "embed-snippet", S.snippet),
        # Copied in the browser by steady.js (no round trip; the page's policy runs no
        # script sent by the server), which then shows the note.
        button(
            "website.copy",
            variant="secondary",
            icon="clipboard-list",
            data={"copy-from": "embed-snippet"},
        ),
        rx.el.div(
            rx.el.p(tr("website.copied"), hidden=True),
            id="embed-snippet-copied",
            role="status",
            class_name="message",
            key=S.snippet,
        ),
        _code("website.plain_label", "website.plain_hint", "embed-plain", S.plain),
    )


def _preview() -> rx.Component:
    return card(
        "website.preview_title",
        rx.el.iframe(src=S.preview, title=S.title, class_name="embed-preview"),
    )


@portal_page("/admin/website", "website.title", active="more", on_load=(S.load_website,))
def admin_website() -> rx.Component:
    return stack(
        page_heading("website.title", "website.intro"),
        rx.cond(
            S.allowed,
            rx.fragment(_origins_form(), _pieces(), _snippets(), _preview()),
            paragraph("admin.not_allowed"),
        ),
    )
