"""Plain-HTML pieces shared by the static offline pages and the app's shell.

The shell's dialogs and notices never change after the build (the clinic's own line is
filled in by steady.js from /api/clinic), so the app carries them as finished HTML that React
does not have to rebuild on a slow phone (components/static_html.py), and the offline pages
carry the very same markup. Both languages, as everywhere: CSS shows the reader's one.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from portal_app.content.catalog import LANGUAGES, text
from portal_app.content.crisis import CRISIS_OPTIONS

# Kept in step with components/ui/icon.py (the same sprite and markup; a test compares them).
CRISIS_ICONS = {"call": "phone", "text": "message-square", "chat": "globe"}


def tr_html(key: str) -> str:
    return "".join(
        f'<span class="i18n" lang="{lang}">{escape(text(key, lang))}</span>' for lang in LANGUAGES
    )


def icon_html(name: str, *, size: int = 22, class_name: str = "") -> str:
    css = " ".join(("icon", class_name)).strip()
    return (
        f'<svg aria-hidden="true" class="{css}" focusable="false" height="{size}" '
        f'viewBox="0 0 24 24" width="{size}"><use href="/icons.svg#{name}"></use></svg>'
    )


def button_html(
    label_key: str,
    *,
    variant: str = "primary",
    icon: str = "",
    kind: str = "button",
    data: str = "",
) -> str:
    """A kit button (components/ui/button.py) as HTML; `data` is a data-* hook for steady.js."""
    drawn = icon_html(icon, class_name="btn-icon") if icon else ""
    hook = f" data-{data}" if data else ""
    opening = f'<button class="btn btn-{variant}" type="{kind}"{hook}>'
    return f"{opening}{drawn}{tr_html(label_key)}</button>"


def crisis_option_html(
    title: str, detail: str, kind: str, href: str, *, urgent: bool = False
) -> str:
    """One crisis line as a large link; `title` and `detail` are finished HTML."""
    css = "crisis-option crisis-urgent" if urgent else "crisis-option"
    external = ' target="_blank" rel="noopener noreferrer"' if kind == "chat" else ""
    return (
        f'<li><a class="{css}" href="{escape(href)}"{external}>'
        f'{icon_html(CRISIS_ICONS[kind], size=26)}<span class="crisis-text">'
        f'<strong>{title}</strong><span class="crisis-detail">{detail}</span></span></a></li>'
    )


def national_lines_html(words: Callable[[str], str] = tr_html) -> str:
    """988 and the other national lines; `words` turns a catalog key into HTML (both
    languages by default, or one: the embedded crisis card)."""
    return "".join(
        crisis_option_html(
            words(f"crisis.{o.key}.title"),
            words(f"crisis.{o.key}.detail"),
            o.kind,
            o.href,
            urgent=o.urgent,
        )
        for o in CRISIS_OPTIONS
    )


def crisis_list_html() -> str:
    """The crisis options; steady.js fills in and shows the clinic's after-hours line."""
    options = national_lines_html()
    clinic = (
        '<li data-clinic-after-hours hidden><a class="crisis-option" href="tel:">'
        f"{icon_html('phone', size=26)}"
        f'<span class="crisis-text"><strong>{tr_html("crisis.clinic.title")}</strong>'
        '<span class="crisis-detail" data-clinic-after-hours-number></span></span></a></li>'
    )
    return f'<ul class="crisis-list">{options}{clinic}</ul>'


def dialog_html(dialog_id: str, title_key: str, body: str) -> str:
    """components/ui/dialog.py as HTML: a titled <dialog> with its Close button."""
    return (
        f'<dialog aria-labelledby="{dialog_id}-title" class="dialog" id="{dialog_id}">'
        f'<div class="dialog-head"><h2 id="{dialog_id}-title">{tr_html(title_key)}</h2>'
        f'<form autocomplete="off" method="dialog">'
        f"{button_html('help_now.close', variant='secondary', icon='x', kind='submit')}"
        f"</form></div>{body}</dialog>"
    )


def crisis_help_html() -> str:
    """What "Get help now" shows: the lines, then the person's own safety plan."""
    return (
        f'<div><p class="lead">{tr_html("help_now.intro")}</p>{crisis_list_html()}'
        f"<p>{tr_html('help_now.calls_work_offline')}</p>"
        f'<a class="btn btn-secondary" href="/safety-plan">'
        f"{icon_html('shield', class_name='btn-icon')}{tr_html('safety.open')}</a></div>"
    )
