"""The daily check-in: one screen, big choices, no typing needed; then the last 30 days."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from portal_app.components.check_in_summary import check_in_summary
from portal_app.components.ui import (
    button,
    card,
    catalog_message,
    form,
    link_button,
    page_heading,
    paragraph,
    stack,
    text_field,
    tr,
)
from portal_app.components.ui.icon import svg_icon
from portal_app.content.catalog import LANGUAGES
from portal_app.pages.registry import portal_page
from portal_app.state.check_in import PROBLEMS, TAG_PROBLEMS, TAGS, CheckInState
from portal_app.state.viewer import ViewerState

S = CheckInState
MOODS = (("1", "frown"), ("2", "annoyed"), ("3", "meh"), ("4", "smile"), ("5", "laugh"))
ANXIETY = ("0", "1", "2", "3", "4")
SLEEP = ("4", "5", "6", "7", "8", "9", "10")


def _choice(
    name: str, value: str, label: rx.Component, *, checked: Var[bool], icon: str = ""
) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name=name, value=value, default_checked=checked),
        rx.el.span(class_name="choice-mark", aria_hidden="true"),
        svg_icon(icon, size=28, class_name="choice-icon") if icon else rx.fragment(),
        rx.el.span(label, class_name="choice-label"),
        class_name="choice",
    )


def _group(
    legend_key: str, *rows: rx.Component, hint_key: str = "", compact: bool = False
) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(tr(legend_key)),
        paragraph(hint_key) if hint_key else rx.fragment(),
        *rows,
        class_name="choices choices-compact" if compact else "choices",
    )


def _own_tag_choice(tag: Var[str]) -> rx.Component:
    """One of the patient's own tags: their words, shown as text."""
    return rx.el.label(
        rx.el.input(type="checkbox", name=f"tag_{tag}", default_checked=S.tags.contains(tag)),
        rx.el.span(class_name="choice-mark choice-mark-box", aria_hidden="true"),
        rx.el.span(tag, class_name="choice-label user-text"),
        class_name="choice",
    )


def _own_tags() -> rx.Component:
    """Add or remove the patient's own tags (its own form: forms cannot sit inside forms)."""
    return card(
        "check_in.own_tags_title",
        paragraph("check_in.own_tags_intro"),
        rx.el.ul(
            rx.foreach(
                S.own_tags,
                lambda tag: rx.el.li(
                    rx.el.span(tag, class_name="user-text"),
                    rx.el.button(
                        tr("check_in.tag_remove"),
                        " ",
                        rx.el.span(tag, class_name="visually-hidden"),
                        type="button",
                        on_click=S.remove_tag(tag),
                        class_name="btn btn-secondary",
                    ),
                    class_name="list-row",
                ),
            ),
            class_name="list",
        ),
        form(
            text_field("check_in.tag_new_label", "new_tag", hint_key="check_in.tag_new_hint"),
            catalog_message(S.tag_problem, TAG_PROBLEMS),
            button("check_in.tag_add", button_type="submit", variant="secondary", icon="plus"),
            on_submit=S.add_tag,
            key=S.tag_form_key.to_string(),
            class_name="stack",
            no_validate=True,
        ),
    )


def _form() -> rx.Component:
    return form(
        _group(
            "check_in.mood_legend",
            *(
                _choice(
                    "mood", value, tr(f"check_in.mood_{value}"), checked=S.mood == value, icon=icon
                )
                for value, icon in MOODS
            ),
        ),
        _group(
            "check_in.anxiety_legend",
            *(
                _choice("anxiety", v, tr(f"check_in.anxiety_{v}"), checked=S.anxiety == v)
                for v in ANXIETY
            ),
        ),
        _group(
            "check_in.sleep_legend",
            *(
                _choice(
                    "sleep",
                    v,
                    tr(f"check_in.sleep_{v}") if v in ("4", "10") else rx.el.span(v),
                    checked=S.sleep == v,
                )
                for v in SLEEP
            ),
            hint_key="check_in.optional",
            compact=True,
        ),
        rx.el.fieldset(
            rx.el.legend(tr("check_in.tags_legend")),
            paragraph("check_in.optional"),
            *(
                rx.el.label(
                    rx.el.input(
                        type="checkbox", name=f"tag_{tag}", default_checked=S.tags.contains(tag)
                    ),
                    rx.el.span(class_name="choice-mark choice-mark-box", aria_hidden="true"),
                    rx.el.span(tr(f"check_in.tag_{tag}"), class_name="choice-label"),
                    class_name="choice",
                )
                for tag in TAGS
            ),
            rx.foreach(S.own_tags, _own_tag_choice),
            class_name="choices choices-compact choices-tags",
        ),
        rx.el.div(
            rx.el.label(tr("check_in.note_label"), html_for="field-note", class_name="field-label"),
            rx.el.p(tr("check_in.note_hint"), id="field-note-hint", class_name="field-hint"),
            rx.el.textarea(
                id="field-note",
                name="note",
                default_value=S.note,
                rows=3,
                max_length=2000,
                class_name="field-input",
                custom_attrs={"aria-describedby": "field-note-hint"},
            ),
            class_name="field",
        ),
        catalog_message(S.problem, PROBLEMS),
        button("check_in.save", button_type="submit", icon="check"),
        key=S.form_key.to_string(),
        on_submit=S.save,
        class_name="card stack",
        no_validate=True,
    )


def _done_today() -> rx.Component:
    return rx.el.div(
        paragraph("check_in.done_today"),
        button(
            "check_in.change_today",
            variant="secondary",
            icon="pencil",
            on_click=S.change(S.today_id),
        ),
        class_name="notice stack",
    )


def _history_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        *check_in_summary(row),
        rx.cond(
            row["today"] == "yes",
            button(
                "check_in.change", variant="secondary", icon="pencil", on_click=S.change(row["id"])
            ),
        ),
        class_name="list-row",
    )


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _mood_word(value: Var[str]) -> rx.Component:
    return rx.match(
        value,
        *((v, rx.el.span(tr(f"check_in.mood_{v}"), class_name="calendar-mood")) for v, _ in MOODS),
        rx.fragment(),
    )


def _day(cell: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.td(
        rx.el.span(cell["day"], class_name="calendar-day"),
        _mood_word(cell["mood"]),
        class_name=rx.cond(cell["today"] == "yes", "calendar-cell is-today", "calendar-cell"),
    )


def _month_buttons() -> rx.Component:
    return rx.el.div(
        button("check_in.month_earlier", variant="secondary", icon="chevron-left",
               on_click=S.show_month(-1)),
        rx.cond(
            S.months_back > 0,
            button("check_in.month_later", variant="secondary", icon="chevron-right",
                   on_click=S.show_month(1)),
        ),
        class_name="button-row",
    )  # fmt: skip


def _calendar() -> rx.Component:
    """A month at a glance: a real table, so screen readers can move by row and column."""
    return card(
        "check_in.calendar_title",
        _month_buttons(),
        rx.el.table(
            rx.el.caption(
                *(rx.el.span(S.month[lang], lang=lang, class_name="i18n") for lang in LANGUAGES)
            ),
            rx.el.thead(rx.el.tr(*(rx.el.th(tr(f"calendar.{d}"), scope="col") for d in WEEKDAYS))),
            rx.el.tbody(rx.foreach(S.weeks, lambda week: rx.el.tr(rx.foreach(week, _day)))),
            class_name="calendar",
        ),
    )


@portal_page(
    "/check-in", "check_in.title", active="check_in", on_load=(CheckInState.load_check_in,)
)
def check_in() -> rx.Component:
    return stack(
        page_heading("check_in.title", "check_in.intro"),
        rx.el.div(paragraph("check_in.who_reads"), class_name="notice"),
        # The form is in the prerendered page, as nearly everyone who opens it sees it (found:
        # drawing the whole form only when the data came was the slowest moment of any
        # patient page on a slow phone); someone signed in with another role gets the note.
        rx.cond(
            (ViewerState.role == "") | (ViewerState.role == "patient"),
            rx.fragment(
                rx.el.div(
                    link_button("trends.link", "/trends", variant="secondary", icon="chart-line"),
                    link_button(
                        "check_in.questionnaires_link",
                        "/questionnaires",
                        variant="secondary",
                        icon="clipboard-list",
                    ),
                    class_name="button-list",
                ),
                catalog_message(
                    rx.cond(S.saved, "check_in.saved", ""), ("check_in.saved",), tone="info"
                ),
                rx.cond(
                    S.editing,
                    rx.el.div(paragraph("check_in.editing"), class_name="message message-info"),
                    rx.cond(S.today_id != "", _done_today()),
                ),
                _form(),
                _own_tags(),
                _calendar(),
                card(
                    "check_in.history_title",
                    rx.cond(
                        S.history.length() > 0,
                        rx.el.ul(rx.foreach(S.history, _history_row), class_name="list"),
                        # Only once loaded (the month is then drawn): never "none yet" to
                        # someone whose check-ins are on their way.
                        rx.cond(S.weeks.length() > 0, paragraph("check_in.history_none")),
                    ),
                ),
            ),
            paragraph("check_in.patients_only"),
        ),
    )
