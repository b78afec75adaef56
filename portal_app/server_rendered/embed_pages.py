"""The pieces a clinic shows on its own website (/embed/...), as small finished pages.

One language per page (the `lang` the clinic chose), the portal's own styles and the clinic's
colours, no React, no live connection, no cookie and no storage: only a small script that
tells the clinic's page how tall the piece is (assets/embed-frame.js). Anything that needs the
person signed in opens the portal in its own tab.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from portal_app.content.catalog import text
from portal_app.content.library import Article, Span
from portal_app.server_rendered.html_parts import crisis_option_html, national_lines_html
from portal_app.services.clinic.clinics import ClinicPublicInfo
from portal_app.services.clinic.visit_requests import BEST_TIME, CONTACT_BY, FOR_WHOM, RequestForm

NEW_TAB = ' target="_blank" rel="noopener"'


def _words(language: str) -> Callable[[str], str]:
    return lambda key: escape(text(key, language))


def embed_page(language: str, title: str, main: str, *, origins: list[str]) -> str:
    """The frame around every piece. `origins`: the sites that may ask for its size."""
    allowed = escape(" ".join(origins))
    return f"""<!DOCTYPE html>
<html lang="{language}" data-lang="{language}" data-embed-origins="{allowed}"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/steady.css"><link rel="stylesheet" href="/clinic.css">
<link rel="stylesheet" href="/embed.css">
<script src="/embed-frame.js" defer></script>
</head><body class="embed"><main class="stack">
{main}
</main></body></html>
"""


def _clinic_lines(info: ClinicPublicInfo, language: str) -> str:
    say = _words(language)
    clinic = escape(info.name)
    lines = []
    after_hours = info.after_hours_for(language)
    if after_hours:
        lines.append(
            crisis_option_html(
                say("embed.clinic_after_hours").replace("{clinic}", clinic),
                say("embed.clinic_after_hours_detail") + f" {escape(after_hours)}",
                "call",
                "tel:" + after_hours,
            )
        )
    if info.phone:
        lines.append(
            crisis_option_html(
                say("embed.clinic_phone").replace("{clinic}", clinic),
                say("embed.clinic_phone_detail") + f" {escape(info.phone)}",
                "call",
                "tel:" + info.phone,
            )
        )
    return "".join(lines)


def crisis_card(info: ClinicPublicInfo, language: str) -> str:
    say = _words(language)
    return (
        f'<h1>{say("embed.crisis.title")}</h1><p class="lead">{say("embed.crisis.intro")}</p>'
        f'<ul class="crisis-list">{national_lines_html(say)}{_clinic_lines(info, language)}</ul>'
        f"<p>{say('help_now.calls_work_offline')}</p>"
    )


def sign_in_card(language: str) -> str:
    say = _words(language)
    return (
        f"<h1>{say('embed.sign_in.title')}</h1><p>{say('embed.sign_in.intro')}</p>"
        f'<p><a class="btn btn-primary" href="/sign-in?lang={language}"{NEW_TAB}>'
        f"{say('embed.sign_in.button')}</a></p>"
        f'<p class="field-hint">{say("embed.new_tab")}</p>'
    )


def _problem(field: str, problems: dict[str, str], language: str) -> str:
    key = problems.get(field)
    if not key:
        return ""
    return (
        f'<p class="message message-error" id="{field}-problem">{escape(text(key, language))}</p>'
    )


def _described(field: str, problems: dict[str, str], hint: bool = False) -> str:
    ids = ([f"{field}-hint"] if hint else []) + ([f"{field}-problem"] if field in problems else [])
    invalid = ' aria-invalid="true"' if field in problems else ""
    return (f' aria-describedby="{" ".join(ids)}"' if ids else "") + invalid


def _text_input(
    field: str, kind: str, value: str, language: str, problems: dict[str, str], **extra: str
) -> str:
    say = _words(language)
    hint_key = extra.get("hint", "")
    hint = f'<p class="field-hint" id="{field}-hint">{say(hint_key)}</p>' if hint_key else ""
    return (
        f'<div class="field"><label class="field-label" for="field-{field}">'
        f"{say('embed.request.' + field)}</label>{hint}{_problem(field, problems, language)}"
        f'<input class="field-input" id="field-{field}" name="{field}" type="{kind}" '
        f'value="{escape(value)}" autocomplete="{extra.get("autocomplete", "off")}"'
        f"{_described(field, problems, bool(hint_key))}></div>"
    )


def _choices(
    field: str, options: tuple[str, ...], chosen: str, language: str, problems: dict[str, str]
) -> str:
    say = _words(language)
    rows = "".join(
        f'<label class="choice"><input type="radio" name="{field}" value="{value}"'
        f"{' checked' if value == chosen else ''}>"
        f'<span class="choice-mark" aria-hidden="true"></span>'
        f'<span class="choice-label">{say(f"embed.request.{field}.{value}")}</span></label>'
        for value in options
    )
    return (
        f'<fieldset class="choices"{_described(field, problems)}>'
        f"<legend>{say('embed.request.' + field)}</legend>"
        f"{_problem(field, problems, language)}{rows}</fieldset>"
    )


def request_form(
    info: ClinicPublicInfo, language: str, form: RequestForm, problems: dict[str, str]
) -> str:
    """Who to reach and how; never why. What the person typed stays when something is wrong."""
    say = _words(language)
    intro = say("embed.request.intro").replace("{clinic}", escape(info.name))
    name_hint, email_hint = "embed.request.name_hint", "embed.request.email_hint"
    fields = (
        _text_input(
            "name", "text", form.name, language, problems, hint=name_hint, autocomplete="given-name"
        )
        + _text_input("phone", "tel", form.phone, language, problems, autocomplete="tel")
        + _text_input(
            "email", "email", form.email, language, problems, hint=email_hint, autocomplete="email"
        )
    )
    summary = ""
    if problems:
        busy = problems.get("form")
        words = escape(text(busy, language)) if busy else say("embed.request.fix")
        summary = (
            f'<p class="message message-error" role="alert" tabindex="-1" data-focus>{words}</p>'
        )
    return (
        f"<h1>{say('embed.request.title')}</h1><p>{intro}</p>"
        f'<p class="emergency-notice"><strong>{say("embed.request.not_emergency")}</strong></p>'
        f"{summary}"
        f'<form class="stack" method="post" action="/embed/request?lang={language}" novalidate>'
        f"{fields}"
        f"{_choices('contact_by', CONTACT_BY, form.contact_by, language, problems)}"
        f"{_choices('best_time', BEST_TIME, form.best_time, language, problems)}"
        f"{_choices('for_whom', FOR_WHOM, form.for_whom, language, problems)}"
        f'<div class="trap" aria-hidden="true"><label for="field-website">'
        f'{say("embed.request.trap")}</label><input id="field-website" name="website" '
        f'type="text" tabindex="-1" autocomplete="off" aria-hidden="true"></div>'
        f'<p class="field-hint">{say("embed.request.no_health")}</p>'
        f'<button class="btn btn-primary" type="submit">{say("embed.request.send")}</button>'
        f"</form>"
    )


def request_thanks(info: ClinicPublicInfo, language: str) -> str:
    say = _words(language)
    body = say("embed.request.thanks_body").replace("{clinic}", escape(info.name))
    return (
        f'<h1 tabindex="-1" data-focus>{say("embed.request.thanks_title")}</h1><p>{body}</p>'
        f'<p><a class="btn btn-crisis" href="tel:988">{say("crisis.call_988.title")}</a></p>'
    )


def request_refused(language: str) -> str:
    return f"<h1>{_words(language)('embed.request.refused')}</h1>"


def _spans(spans: tuple[Span, ...]) -> str:
    """An article's own links go to the portal's pages: in their own tab, never in the frame."""
    out = []
    for span in spans:
        words = escape(span.text)
        if span.strong:
            words = f"<strong>{words}</strong>"
        if span.href:
            words = f'<a href="{escape(span.href)}"{NEW_TAB}>{words}</a>'
        out.append(words)
    return "".join(out)


def reading_list(articles: tuple[Article, ...], language: str) -> str:
    say = _words(language)
    minutes = say("embed.reading.minutes")
    rows = "".join(
        f'<li><a class="article-link" href="/embed/reading/{a.slug}?lang={language}">'
        f'<span class="article-link-text"><span class="article-link-title">{escape(a.title)}'
        f'</span><span class="article-link-summary">{escape(a.summary)} · '
        f"{minutes.replace('{minutes}', str(a.minutes))}</span></span></a></li>"
        for a in articles
    )
    return (
        f"<h1>{say('embed.reading.title')}</h1><p>{say('embed.reading.intro')}</p>"
        f'<ul class="article-list">{rows}</ul>'
    )


def article_page(article: Article, language: str) -> str:
    say = _words(language)
    blocks = []
    for block in article.blocks:
        if block.kind in ("ul", "ol"):
            items = "".join(f"<li>{_spans(item)}</li>" for item in block.items)
            blocks.append(f"<{block.kind}>{items}</{block.kind}>")
        else:
            blocks.append(f"<{block.kind}>{_spans(block.spans)}</{block.kind}>")
    return (
        f'<p><a class="back-link" href="/embed/reading?lang={language}">'
        f"{say('embed.reading.all')}</a></p>"
        f'<article class="article stack"><h1>{escape(article.title)}</h1>'
        f'<p class="lead">{escape(article.summary)}</p>{"".join(blocks)}</article>'
    )
