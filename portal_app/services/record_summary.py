"""A plain-language, printable summary of the patient's record, built from the same FHIR
Bundle as "Download my record" (so the two never disagree). Everything is escaped text."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from portal_app.content.catalog import text

STYLE = """
body { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; max-width: 48rem;
       margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #ccc; }
li { margin: 0.25rem 0; } .muted { color: #474c54; }
@media print { a { color: inherit; } }
"""


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def _day(value: str | None) -> str:
    return escape((value or "")[:10])


def _section(title: str, items: list[str], empty: str) -> str:
    body = "".join(f"<li>{item}</li>" for item in items) if items else f"<li>{escape(empty)}</li>"
    return f"<h2>{escape(title)}</h2><ul>{body}</ul>"


def summary_html(bundle: dict[str, Any], language: str, *, now: datetime) -> str:
    def t(key: str) -> str:
        return text(f"summary.{key}", language)

    patient = _resources(bundle, "Patient")[0]
    scores = [
        f"{_day(o.get('effectiveDateTime'))}: "
        f"{escape(o['code']['coding'][0]['display'].split(' (')[0])} = {int(o['valueInteger'])}"
        for o in _resources(bundle, "Observation")
        if "coding" in o["code"]
    ]
    visits = [
        f"{_day(a.get('start'))} {escape((a.get('start') or '')[11:16])} UTC · "
        f"{escape(a.get('description', ''))} · {escape(a['status'])}"
        for a in _resources(bundle, "Appointment")
    ]
    medicines = [
        f"{escape(m['medicationCodeableConcept']['text'])}: {escape(m['dosage'][0]['text'])}"
        f" ({escape(m['status'])})"
        for m in _resources(bundle, "MedicationStatement")
    ]
    goals = [escape(g["description"]["text"]) for g in _resources(bundle, "Goal")]
    allergies = [
        escape(a["code"]["text"])
        + "".join(
            f" ({escape(m['text'])})" for r in a.get("reaction", []) for m in r["manifestation"]
        )
        for a in _resources(bundle, "AllergyIntolerance")
    ]
    shared = [
        f"{escape(d['description'])} · {escape(t('shared_by'))} {escape(d['author'][0]['display'])}"
        f" · {_day(d.get('date'))}"
        for d in _resources(bundle, "DocumentReference")
        if "author" in d
    ]
    team = [escape(p["name"][0]["text"]) for p in _resources(bundle, "Practitioner")]
    messages = len(_resources(bundle, "Communication"))
    return (
        f"<!doctype html><html lang='{escape(language)}'><head><meta charset='utf-8'>"
        f"<title>{escape(t('title'))}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(t('title'))}: {escape(patient['name'][0]['text'])}</h1>"
        f"<p class='muted'>{escape(t('made'))} {escape(now.date().isoformat())}. "
        f"{escape(t('born'))} {escape(patient.get('birthDate', ''))}.</p>"
        + _section(t("team"), team, t("none"))
        + _section(t("visits"), visits, t("none"))
        + _section(t("medicines"), medicines, t("none"))
        + _section(t("allergies"), allergies, t("none"))
        + _section(t("scores"), scores, t("none"))
        + _section(t("goals"), goals, t("none"))
        + _section(t("shared"), shared, t("none"))
        + f"<h2>{escape(t('messages'))}</h2><p>{messages}</p>"
        f"<p class='muted'>{escape(t('footer'))}</p></body></html>"
    )
