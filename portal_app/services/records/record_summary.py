"""A plain-language, printable summary of the patient's record, built from the same FHIR
Bundle as "Download my record" (so the two never disagree). Everything is escaped text."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from portal_app.content.catalog import text
from portal_app.content.dates import day_words

STYLE = """
body { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; max-width: 48rem;
       margin: 1rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #ccc; }
li { margin: 0.25rem 0; } .muted { color: #474c54; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
.btn { display: inline-flex; align-items: center; min-height: 48px; padding: 0 1.2rem;
       border: 2px solid #1d4e89; border-radius: 0.5rem; background: #fff; color: #1d4e89;
       font: inherit; font-weight: 700; text-decoration: none; cursor: pointer; }
@media print { a { color: inherit; } .actions { display: none; } }
"""
# FHIR's visit statuses back to the portal's words (see fhir_export.VISIT_STATUS).
VISIT_WORDS = {"booked": "booked", "pending": "requested", "cancelled": "cancelled",
               "fulfilled": "completed", "noshow": "missed"}  # fmt: skip
# LOINC totals by their plain names (found: "Patient Health Questionnaire 9 item = 10").
SCORE_NAMES = {"44261-6": "trends.phq9_title", "70274-6": "trends.gad7_title"}


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


class _Words:
    """Dates, times and fixed words in the reader's language and time zone."""

    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self.language, self.zone = language, zone

    def t(self, key: str) -> str:
        return text(key, self.language)

    def day(self, value: str | None) -> str:
        if not value:
            return ""
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.zone)
        comma = "," if self.language == "en" else ""
        return f"{day_words(moment.date(), self.language)}{comma} {moment.year}"

    def clock(self, value: str | None) -> str:
        moment = datetime.fromisoformat(value) if value else None
        return moment.astimezone(self.zone).strftime("%H:%M") if moment else ""


def _section(title: str, items: list[str], empty: str) -> str:
    body = "".join(f"<li>{item}</li>" for item in items) if items else f"<li>{escape(empty)}</li>"
    return f"<h2>{escape(title)}</h2><ul>{body}</ul>"


def _scores(bundle: dict[str, Any], w: _Words) -> list[str]:
    lines = []
    for o in _resources(bundle, "Observation"):
        code = o["code"].get("coding", [{}])[0].get("code")
        if code in SCORE_NAMES:
            lines.append(
                f"{escape(w.day(o.get('effectiveDateTime')))}: "
                f"{escape(w.t(SCORE_NAMES[code]))} {int(o['valueInteger'])}"
            )
    return lines


def _visits(bundle: dict[str, Any], w: _Words) -> list[str]:
    return [
        f"{escape(w.day(a.get('start')))} {escape(w.clock(a.get('start')))} · "
        f"{escape(a.get('description', ''))} · "
        f"{escape(w.t('appointments.status.' + VISIT_WORDS.get(a['status'], 'booked')))}"
        for a in _resources(bundle, "Appointment")
    ]


def _medicines(bundle: dict[str, Any], w: _Words) -> list[str]:
    def status(value: str) -> str:
        return w.t("summary.taking") if value == "active" else w.t("summary.stopped")

    return [
        f"{escape(m['medicationCodeableConcept']['text'])}: {escape(m['dosage'][0]['text'])}"
        f" ({escape(status(m['status']))})"
        for m in _resources(bundle, "MedicationStatement")
    ]


def _allergies(bundle: dict[str, Any]) -> list[str]:
    return [
        escape(a["code"]["text"])
        + "".join(
            f" ({escape(m['text'])})" for r in a.get("reaction", []) for m in r["manifestation"]
        )
        for a in _resources(bundle, "AllergyIntolerance")
    ]


def summary_html(bundle: dict[str, Any], language: str, *, now: datetime, zone: ZoneInfo) -> str:
    """The page, in the person's language and time zone, with Back and Print (print.js)."""
    w = _Words(language, zone)

    def t(key: str) -> str:
        return text(f"summary.{key}", language)

    patient = _resources(bundle, "Patient")[0]
    goals = [escape(g["description"]["text"]) for g in _resources(bundle, "Goal")]
    shared = [
        f"{escape(d['description'])} · {escape(t('shared_by'))} {escape(d['author'][0]['display'])}"
        f" · {escape(w.day(d.get('date')))}"
        for d in _resources(bundle, "DocumentReference")
        if "author" in d
    ]
    team = [escape(p["name"][0]["text"]) for p in _resources(bundle, "Practitioner")]
    messages = len(_resources(bundle, "Communication"))
    born = patient.get("birthDate", "")
    return (
        f"<!doctype html><html lang='{escape(language)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(t('title'))}</title><style>{STYLE}</style></head><body>"
        f"<nav class='actions'><a class='btn' href='/records'>{escape(t('back'))}</a>"
        f"<button type='button' class='btn' data-print>{escape(t('print'))}</button></nav>"
        f"<main><h1>{escape(t('title'))}: {escape(patient['name'][0]['text'])}</h1>"
        f"<p class='muted'>{escape(t('made'))} {escape(w.day(now.isoformat()))}. "
        f"{escape(t('born'))} {escape(w.day(born) if born else '')}.</p>"
        + _section(t("team"), team, t("none"))
        + _section(t("visits"), _visits(bundle, w), t("none"))
        + _section(t("medicines"), _medicines(bundle, w), t("none"))
        + _section(t("allergies"), _allergies(bundle), t("none"))
        + _section(t("scores"), _scores(bundle, w), t("none"))
        + _section(t("goals"), goals, t("none"))
        + _section(t("shared"), shared, t("none"))
        + f"<h2>{escape(t('messages'))}</h2><p>{messages}</p>"
        f"<p class='muted'>{escape(t('footer'))}</p></main>"
        "<script src='/print.js'></script></body></html>"
    )
