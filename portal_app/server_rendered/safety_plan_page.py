"""The offline safety plan (/safety-plan.html): plain HTML and JavaScript, no server needed.

The service worker opens it for /safety-plan when there is no connection. assets/safety_plan.js
shows the copy kept encrypted on this device for the person signed in (assets/outbox.js; it is
removed at sign-out), with one-tap call and text links, below the crisis lines.
"""

from __future__ import annotations

from portal_app.server_rendered.html_parts import crisis_list_html, tr_html
from portal_app.server_rendered.offline_page import static_page
from portal_app.services.plans.safety_plan import STEPS

TEMPLATES = ("safety.call", "safety.text", "safety.step_empty")


def _step(number: int, step: str) -> str:
    prefix = f"{number}. " if number else ""
    return (
        f'<section class="card" data-step="{step}" hidden><h2 class="card-title">{prefix}'
        f'{tr_html(f"safety.step.{step}")}</h2><ul class="list"></ul></section>'
    )


def render_safety_plan_page() -> str:
    steps = "".join(_step(i + 1 if s != "reasons" else 0, s) for i, s in enumerate(STEPS))
    templates = "".join(
        f'<template data-template="{key}">{tr_html(key)}</template>' for key in TEMPLATES
    )
    return static_page(
        f"""<div class="page-heading"><h1>{tr_html("safety.title")}</h1>
<p class="lead">{tr_html("safety.intro")}</p></div>
<section class="card" aria-labelledby="help-now-title">
<h2 id="help-now-title">{tr_html("help_now.title")}</h2>
{crisis_list_html()}</section>
<p class="message message-info" data-plan-none hidden>{tr_html("safety.not_on_device")}</p>
{steps}
<a class="btn btn-secondary" href="/safety-plan">{tr_html("safety.edit")}</a>
{templates}""",
        tail='<script src="/outbox.js"></script>\n<script src="/safety_plan.js"></script>\n',
    )
