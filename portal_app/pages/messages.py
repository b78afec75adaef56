"""Messages: a patient's conversations with their care team, or the care team's shared inbox.

The notice that messages are not for emergencies, with "Get help now" beside it, is always on
the page, whatever is open below it.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.crisis import help_now_button
from portal_app.components.for_patient import for_patient
from portal_app.components.message_thread import compose, conversation
from portal_app.components.ui import (
    button,
    catalog_message,
    form,
    page_heading,
    paragraph,
    stack,
    tr,
)
from portal_app.pages.registry import portal_page
from portal_app.state.message_rows import ThreadRow
from portal_app.state.messages import PROBLEMS
from portal_app.state.messages import MessagesState as S
from portal_app.state.viewer import ViewerState

NOTICES = ("messages.sent", "inbox.handed", "inbox.taken", "inbox.marked_done", "inbox.saved")
SHOWS = ("waiting", "mine", "all")


def _not_for_emergencies() -> rx.Component:
    return rx.el.div(
        rx.el.p(rx.el.strong(tr("messages.not_emergency"))),
        help_now_button(),
        rx.cond(
            ~S.is_clinician,
            rx.el.p(
                tr("messages.reply_time_before"),
                " ",
                S.reply_days,
                " ",
                tr("messages.reply_time_after"),
            ),
        ),
        class_name="notice emergency-notice stack",
    )


def _patient_thread_row(row: ObjectVar[ThreadRow]) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(rx.el.strong(row.subject), class_name="thread-subject"),
            rx.el.span(tr("messages.last"), " ", row.last, class_name="thread-meta"),
            rx.cond(
                row.unread > 0,
                rx.el.span(row.unread, " ", tr("messages.new_badge"), class_name="badge badge-new"),
            ),
            rx.cond(
                row.waiting,
                rx.el.span(tr("messages.waiting_badge"), class_name="badge"),
            ),
            type="button",
            on_click=S.open(row.id),
            class_name="btn btn-answer thread-button",
        ),
    )


def _inbox_row(row: ObjectVar[ThreadRow]) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(rx.el.strong(row.patient), " · ", row.subject, class_name="thread-subject"),
            rx.cond(
                row.waiting,
                rx.el.span(
                    tr("inbox.waiting_since"),
                    " ",
                    row.waiting_since,
                    class_name="badge badge-rising",
                ),
                rx.el.span(tr("messages.last"), " ", row.last, class_name="thread-meta"),
            ),
            rx.el.span(
                rx.cond(
                    row.handler != "",
                    rx.fragment(tr("inbox.handled_by"), " ", row.handler),
                    tr("inbox.nobody_yet"),
                ),
                class_name="thread-meta",
            ),
            rx.cond(row.done, rx.el.span(tr("inbox.done_badge"), class_name="badge")),
            type="button",
            on_click=S.open(row.id),
            class_name="btn btn-answer thread-button",
        ),
    )


def _inbox_filters() -> rx.Component:
    return rx.el.div(
        *(
            rx.el.button(
                tr(f"inbox.show.{show}"),
                type="button",
                on_click=S.filter_inbox(show),
                class_name=rx.cond(S.show == show, "btn btn-answer is-chosen", "btn btn-answer"),
                custom_attrs={"aria-pressed": rx.cond(S.show == show, "true", "false")},
            )
            for show in SHOWS
        ),
        class_name="filter-row",
    )


def _list() -> rx.Component:
    rows = rx.cond(
        S.is_clinician,
        rx.el.ul(rx.foreach(S.threads, _inbox_row), class_name="list thread-list"),
        rx.el.ul(rx.foreach(S.threads, _patient_thread_row), class_name="list thread-list"),
    )
    return rx.fragment(
        rx.cond(
            S.is_clinician,
            _inbox_filters(),
            rx.cond(S.can_send, button("messages.write_new", icon="pencil", on_click=S.write_new)),
        ),
        rx.cond(
            S.threads.length() > 0,
            rows,
            rx.cond(S.is_clinician, paragraph("inbox.empty"), paragraph("messages.none_yet")),
        ),
    )


def _note_box(field_id: str, label_key: str, hint: rx.Component) -> rx.Component:
    """A note for the team (never shown to the patient), with its label and hint."""
    return rx.fragment(
        rx.el.label(tr(label_key), html_for=field_id, class_name="field-label"),
        rx.el.p(hint, id=f"{field_id}-hint", class_name="field-hint"),
        rx.el.textarea(
            id=field_id,
            name="note",
            rows=2,
            max_length=2000,
            class_name="field-input",
            custom_attrs={"aria-describedby": f"{field_id}-hint"},
        ),
    )


def _team_tools() -> rx.Component:
    """Who handles it, hand-off with a team-only note, done, and saved replies."""
    return rx.el.section(
        rx.el.h2(tr("inbox.team_title"), class_name="card-title"),
        rx.el.p(
            rx.cond(
                S.thread.handler != "",
                rx.fragment(tr("inbox.handled_by"), " ", S.thread.handler),
                tr("inbox.nobody_yet"),
            )
        ),
        button("inbox.take", variant="secondary", icon="hand", on_click=S.take),
        form(
            rx.cond(
                S.thread.someone_else,
                _note_box(
                    "done-note",
                    "inbox.done_note_label",
                    rx.fragment(tr("inbox.done_note_hint"), " ", S.thread.handler),
                ),
            ),
            button("inbox.mark_done", button_type="submit", variant="secondary", icon="check"),
            on_submit=S.done,
            reset_on_submit=True,
            class_name="stack",
        ),
        form(
            rx.el.fieldset(
                rx.el.legend(tr("inbox.hand_to")),
                rx.foreach(
                    S.colleagues,
                    lambda c: rx.el.label(
                        rx.el.input(type="radio", name="to", value=c["id"]),
                        rx.el.span(class_name="choice-mark", aria_hidden="true"),
                        rx.el.span(c["name"], class_name="choice-label"),
                        class_name="choice",
                    ),
                ),
                class_name="choices",
            ),
            _note_box("hand-note", "inbox.note_label", tr("inbox.note_hint")),
            button("inbox.hand_off", button_type="submit", variant="secondary", icon="forward"),
            on_submit=S.hand_off,
            reset_on_submit=True,
            class_name="stack",
        ),
        rx.cond(
            S.notes.length() > 0,
            rx.el.h3(tr("inbox.notes_title")),
        ),
        rx.cond(
            S.notes.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.notes,
                    lambda n: rx.el.li(
                        rx.el.p(
                            rx.el.strong(n["author"]), " · ", n["when"], class_name="message-meta"
                        ),
                        rx.el.p(n["body"], class_name="message-body"),
                        class_name="team-note",
                    ),
                ),
                class_name="list",
            ),
        ),
        _saved_replies(),
        class_name="card stack team-tools",
    )


def _saved_replies() -> rx.Component:
    return rx.el.details(
        rx.el.summary(tr("inbox.saved_title"), class_name="btn btn-secondary"),
        rx.el.div(
            rx.foreach(
                S.saved_texts,
                lambda r: rx.el.div(
                    rx.el.button(
                        tr("inbox.use"),
                        " ",
                        r["title"],
                        type="button",
                        on_click=S.use_saved(r["id"]),
                        class_name="btn btn-secondary",
                    ),
                    rx.el.button(
                        tr("inbox.delete_saved"),
                        type="button",
                        on_click=S.delete_text(r["id"]),
                        class_name="btn btn-secondary",
                        aria_label=r["title"],
                    ),
                    class_name="button-row",
                ),
            ),
            form(
                rx.el.label(
                    tr("inbox.saved_name"), html_for="saved-title", class_name="field-label"
                ),
                rx.el.input(
                    id="saved-title", name="title", max_length=80, class_name="field-input"
                ),
                rx.el.label(
                    tr("inbox.saved_text"), html_for="saved-text", class_name="field-label"
                ),
                rx.el.textarea(
                    id="saved-text", name="text", rows=3, max_length=2000, class_name="field-input"
                ),
                button("inbox.save_text", button_type="submit", variant="secondary"),
                on_submit=S.save_text,
                reset_on_submit=True,
                class_name="stack",
            ),
            class_name="stack",
        ),
    )


def _thread() -> rx.Component:
    return rx.fragment(
        button("messages.back", variant="secondary", icon="arrow-left", on_click=S.back_to_list),
        rx.el.h2(
            rx.cond(S.is_clinician, rx.fragment(S.thread.patient, " · "), rx.fragment()),
            S.thread.subject,
            class_name="card-title",
        ),
        conversation(),
        rx.cond(S.is_clinician, _team_tools()),
        rx.cond(
            S.can_send,
            rx.el.section(
                rx.el.h2(tr("messages.reply_title"), class_name="card-title"),
                compose(with_subject=False),
                class_name="card stack",
            ),
        ),
    )


def _new() -> rx.Component:
    return rx.fragment(
        button("messages.back", variant="secondary", icon="arrow-left", on_click=S.back_to_list),
        rx.el.section(
            rx.el.h2(tr("messages.new_title"), class_name="card-title"),
            rx.cond(S.is_clinician, for_patient(S.new_for_name, "messages.to_label")),
            compose(with_subject=True),
            class_name="card stack",
        ),
    )


@portal_page("/messages", "messages.title", active="messages", on_load=(S.load_messages, S.watch))
def messages() -> rx.Component:
    return stack(
        page_heading("messages.title"),
        _not_for_emergencies(),
        catalog_message(S.notice, NOTICES, tone="info"),
        catalog_message(S.problem, PROBLEMS),
        rx.cond(
            S.allowed,
            rx.match(S.view, ("thread", _thread()), ("new", _new()), _list()),
            rx.cond(
                ViewerState.role == "caregiver",
                paragraph("caregivers.not_allowed"),
                paragraph("messages.body"),
            ),
        ),
    )
