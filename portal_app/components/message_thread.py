"""A conversation: each message as text (never markup), safe links, files, read status; and
the box to write in, which keeps a draft on the server as the person types."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.as_written import as_written
from portal_app.components.file_picker import file_picker
from portal_app.components.ui import button, form, tr
from portal_app.components.ui.icon import svg_icon
from portal_app.state.message_rows import MessageRow
from portal_app.state.messages import MessagesState as S

UPLOAD_ID = "message-file"
TYPING_PAUSE_MS = 600


def _piece(piece: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.cond(
        piece["link"] != "",
        rx.el.a(
            piece["text"],
            href=piece["link"],
            target="_blank",
            rel="noopener noreferrer nofollow",
            referrer_policy="no-referrer",
        ),
        rx.el.span(piece["text"]),
    )


def _file(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.a(
        svg_icon("paperclip", size=20, class_name="btn-icon"),
        row["name"],
        " (",
        row["size"],
        ")",
        href="/api/attachments/" + row["id"],
        download=row["name"],
        class_name="btn btn-secondary file-link",
        # Reflex renders links as router links; a file must be a real request to the server.
        custom_attrs={"reloadDocument": True},
    )


def _message(row: ObjectVar[MessageRow]) -> rx.Component:
    return rx.el.li(
        rx.el.p(
            rx.el.strong(row.author),
            rx.cond(
                row.for_patient != "",
                rx.fragment(" ", tr("messages.caregiver_for"), " ", row.for_patient),
            ),
            " · ",
            row.sent,
            class_name="message-meta",
        ),
        rx.el.p(rx.foreach(row.pieces, _piece), class_name="message-body"),
        as_written(),
        rx.foreach(row.files, _file),
        rx.cond(
            row.mine & ~S.is_clinician,
            rx.el.p(
                rx.cond(row.read, tr("messages.read_by_team"), tr("messages.status_sent")),
                class_name="badge",
            ),
        ),
        class_name=rx.cond(row.mine, "message-bubble mine", "message-bubble theirs"),
    )


def conversation() -> rx.Component:
    """New messages are announced politely when they arrive."""
    return rx.el.ol(
        rx.foreach(S.messages, _message),
        class_name="conversation",
        aria_live="polite",
        aria_label=S.thread.subject,
    )


def _pending_file(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.span(row["name"], " (", row["size"], ")"),
        rx.el.button(
            tr("messages.remove_file"),
            type="button",
            on_click=S.remove_file(row["id"]),
            class_name="btn btn-secondary",
            aria_label=row["name"],
        ),
        class_name="list-row",
    )


def _attach() -> rx.Component:
    return rx.el.div(
        file_picker(
            UPLOAD_ID,
            "messages.add_file",
            on_drop=S.attach(rx.upload_files(upload_id=UPLOAD_ID)),
            on_drop_rejected=S.file_refused,
            variant="secondary",
        ),
        rx.el.p(tr("messages.file_hint"), class_name="field-hint"),
        rx.cond(
            S.pending.length() > 0,
            rx.el.ul(rx.foreach(S.pending, _pending_file), class_name="list"),
        ),
    )


def compose(*, with_subject: bool) -> rx.Component:
    """The writing box; `with_subject` for a new conversation."""
    subject = rx.el.div(
        rx.el.label(
            tr("messages.subject_label"), html_for="message-subject", class_name="field-label"
        ),
        rx.el.input(
            id="message-subject",
            name="subject",
            default_value=S.draft_subject,
            key=S.draft_key,
            max_length=120,
            auto_complete="off",
            class_name="field-input",
            on_change=S.keep_subject.debounce(TYPING_PAUSE_MS),  # type: ignore[attr-defined]
        ),
        class_name="field",
    )
    return form(
        subject if with_subject else rx.fragment(),
        rx.el.div(
            rx.el.label(
                tr("messages.body_label"), html_for="message-body", class_name="field-label"
            ),
            rx.el.p(tr("messages.draft_hint"), id="message-body-hint", class_name="field-hint"),
            rx.el.textarea(
                id="message-body",
                name="body",
                default_value=S.draft_body,
                key=S.draft_key,
                rows=5,
                max_length=5000,
                class_name="field-input",
                custom_attrs={"aria-describedby": "message-body-hint"},
                on_change=S.keep_body.debounce(TYPING_PAUSE_MS),  # type: ignore[attr-defined]
            ),
            class_name="field",
        ),
        _attach(),
        button("messages.send", button_type="submit", icon="send"),
        on_submit=S.send,
        class_name="stack compose",
        no_validate=True,
    )
