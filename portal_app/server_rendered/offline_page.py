"""The static offline page: crisis help that needs no server, no React and no connection.

Rendered at build time from the same catalog and crisis list as the app, in both languages;
steady.js shows the reader's language and fills in the clinic's after-hours line.
"""

from __future__ import annotations

from html import escape

from portal_app.server_rendered.html_parts import crisis_list_html, tr_html
from portal_app.settings import get_settings


def quick_exit_link() -> str:
    """The same Quick exit as in the app: steady.js empties the page, ends the session and
    forgets what this device kept, then leaves for the configured harmless site."""
    url = escape(get_settings().quick_exit_url)
    return (
        f'<a class="btn btn-quiet" href="{url}" data-quick-exit>{tr_html("quick_exit.button")}</a>'
    )


def static_page(
    main: str, *, title: str = "Steady", head: str = "", topbar: str = "", tail: str = ""
) -> str:
    """A page that needs no server and no React: the portal's styles, steady.js (language,
    contrast, the clinic's numbers), the top bar and `main`."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#1d4e89">
<title>{escape(title)}</title>
<link rel="manifest" href="/manifest.webmanifest">
<link rel="stylesheet" href="/steady.css">
<link rel="stylesheet" href="/clinic.css">
{head}<script src="/steady.js"></script>
</head><body><div class="shell">
<header class="topbar"><span class="brand" data-clinic-name>Steady</span>
<div class="topbar-actions">{topbar}
{quick_exit_link()}</div></header>
<div class="body body-plain"><main id="main" class="stack">
{main}
</main></div></div>
{tail}</body></html>
"""


def render_offline_page() -> str:
    """Offline, Home opens this page too (never the signed-out copy of Home): what still
    works, then crisis help."""
    return static_page(
        f"""<div class="page-heading"><h1>{tr_html("offline.title")}</h1>
<p class="lead">{tr_html("offline.body")}</p></div>
<section class="card" aria-labelledby="still-works-title">
<h2 id="still-works-title">{tr_html("offline.still_works_title")}</h2>
<p>{tr_html("offline.still_works")}</p>
<div class="button-list">
<a class="btn btn-primary" href="/check-in">{tr_html("offline.check_in")}</a></div>
</section>
<section class="card" id="offline-help" aria-labelledby="help-now-title">
<h2 id="help-now-title">{tr_html("help_now.title")}</h2>
{crisis_list_html()}
<a class="btn btn-secondary" href="/safety-plan">{tr_html("safety.open")}</a></section>
<div class="button-list">
<button type="button" class="btn btn-primary" data-reload>{tr_html("offline.retry")}</button>
</div>""",
        topbar=f'<a class="btn btn-crisis" href="#offline-help">{tr_html("help_now.button")}</a>',
    )
