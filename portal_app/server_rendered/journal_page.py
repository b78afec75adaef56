# ruff: noqa: E501 - HTML template lines read best unbroken
"""The offline check-in page (/journal.html): plain HTML and JavaScript, no server needed.

Rendered at build time from the same catalog, choices and questionnaire files as the app. The
service worker opens it for /check-in and /questionnaires when there is no connection;
assets/journal.js keeps what is saved encrypted on the device (assets/outbox.js) until sent.
"""

from __future__ import annotations

import json
from html import escape

from portal_app.content.instruments import instrument
from portal_app.server_rendered.html_parts import crisis_list_html, tr_html
from portal_app.server_rendered.offline_page import static_page

MOODS = (
    ("1", "check_in.mood_1"),
    ("2", "check_in.mood_2"),
    ("3", "check_in.mood_3"),
    ("4", "check_in.mood_4"),
    ("5", "check_in.mood_5"),
)
ANXIETY = tuple((v, f"check_in.anxiety_{v}") for v in "01234")
SLEEP = ("4", "5", "6", "7", "8", "9", "10")
TAGS = ("worked", "exercised", "went_outside", "saw_people", "argued", "felt_alone")
OFFLINE_INSTRUMENTS = ("phq9", "gad7", "phq2", "gad2", "cssrs")
OFFERED = ("phq9", "gad7", "phq2", "gad2")  # the C-SSRS screener only follows PHQ-9 item 9
# Texts journal.js shows at run time, rendered here in each language.
TEMPLATES = (
    "journal.saved",
    "journal.sent",
    "outbox.sent",
    "journal.kind_check_in",
    "journal.kind_questionnaire",
    "questionnaire.progress_a",
    "questionnaire.progress_b",
    "check_in.mood_missing",
    "check_in.anxiety_missing",
    "journal.not_saved",
)


def _choice(kind: str, name: str, value: str, label: str) -> str:
    mark = "choice-mark choice-mark-box" if kind == "checkbox" else "choice-mark"
    return (
        f'<label class="choice"><input type="{kind}" name="{escape(name)}" value="{escape(value)}">'
        f'<span class="{mark}" aria-hidden="true"></span><span class="choice-label">{label}</span></label>'
    )


def _group(legend_key: str, rows: list[str], *, compact: str = "", optional: bool = False) -> str:
    """`compact` names the tile grid ("choices-hours", "choices-tags"); empty for full rows."""
    css = f"choices choices-compact {compact}" if compact else "choices"
    hint = f"<p>{tr_html('check_in.optional')}</p>" if optional else ""
    return f'<fieldset class="{css}"><legend>{tr_html(legend_key)}</legend>{hint}{"".join(rows)}</fieldset>'


def _check_in_form() -> str:
    sleep = [
        _choice("radio", "sleep", v, tr_html(f"check_in.sleep_{v}") if v in ("4", "10") else v)
        for v in SLEEP
    ]
    return f"""<form class="card stack" data-journal-check-in novalidate>
<h2>{tr_html("journal.check_in_title")}</h2>
{_group("check_in.mood_legend", [_choice("radio", "mood", v, tr_html(k)) for v, k in MOODS])}
{
        _group(
            "check_in.anxiety_legend",
            [_choice("radio", "anxiety", v, tr_html(k)) for v, k in ANXIETY],
        )
    }
{_group("check_in.sleep_legend", sleep, compact="choices-hours", optional=True)}
{
        _group(
            "check_in.tags_legend",
            [_choice("checkbox", f"tag_{t}", t, tr_html(f"check_in.tag_{t}")) for t in TAGS],
            compact="choices-tags",
            optional=True,
        )
    }
<div class="field"><label class="field-label" for="journal-note">{
        tr_html("check_in.note_label")
    }</label>
<textarea class="field-input" id="journal-note" name="note" rows="3" maxlength="2000"></textarea></div>
<div class="message" role="alert" data-journal-problem></div>
<button type="submit" class="btn btn-primary">{tr_html("check_in.save")}</button>
</form>"""


def _questionnaires() -> str:
    starts = "".join(
        f'<button type="button" class="btn btn-secondary" data-journal-start="{i}">'
        f"{tr_html(f'questionnaire.name.{i}')}</button>"
        for i in OFFERED
    )
    return f"""<section class="card stack" data-journal-pick>
<h2>{tr_html("questionnaire.title")}</h2><div class="button-list">{starts}</div></section>
<section class="card stack" data-journal-question hidden>
<h2 class="card-title" data-journal-title></h2>
<p class="progress-text" data-journal-progress></p>
<p class="field-hint" data-journal-stem></p>
<p class="question" id="journal-question-text" data-journal-text></p>
<div class="answer-list" role="group" aria-labelledby="journal-question-text" data-journal-answers></div>
<button type="button" class="btn btn-secondary" data-journal-back>{tr_html("questionnaire.back")}</button>
</section>
<section class="card stack card-highlight" data-journal-crisis hidden>
<h2>{tr_html("questionnaire.crisis_title")}</h2><p>{tr_html("questionnaire.crisis_body")}</p>
{crisis_list_html()}
<button type="button" class="btn btn-primary" data-journal-after-crisis>{tr_html("questionnaire.crisis_continue")}</button>
</section>"""


def render_journal_page() -> str:
    definitions = json.dumps({i: instrument(i) for i in OFFLINE_INSTRUMENTS}, ensure_ascii=False)
    definitions = definitions.replace("</", "<\\/")  # cannot end the script element early
    templates = "".join(f'<span data-template="{k}">{tr_html(k)}</span>' for k in TEMPLATES)
    return static_page(
        f"""<div class="page-heading"><h1>{tr_html("check_in.title")}</h1>
<p class="lead">{tr_html("journal.intro")}</p></div>
<div class="notice"><p>{tr_html("check_in.who_reads")}</p></div>
<div class="message message-error" data-journal-no-person hidden><p>{tr_html("journal.sign_in_first")}</p></div>
<div class="message" role="status" data-journal-status></div>
{_check_in_form()}
{_questionnaires()}
<section class="card stack"><h2>{tr_html("journal.waiting_title")}</h2>
<ul class="list" data-journal-waiting></ul><p data-journal-none>{tr_html("journal.waiting_none")}</p></section>
<section class="card" id="journal-help"><h2>{tr_html("help_now.title")}</h2>{crisis_list_html()}</section>
<div hidden>{templates}</div>
<script type="application/json" id="journal-instruments">{definitions}</script>""",
        title="Check in · Steady",
        head='<script src="/outbox.js"></script>\n',
        topbar=f'\n<a class="btn btn-crisis" href="#journal-help">{tr_html("help_now.button")}</a>',
        tail='<script src="/journal.js"></script>\n',
    )
