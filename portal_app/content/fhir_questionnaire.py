"""Read a FHIR R4B Questionnaire (content/questionnaires/<id>.json) into the shape the screens,
the offline page and the scorer use. Spanish comes from FHIR's translation extension on each
text; the C-SSRS skip rules from `enableWhen`; an option's value is its place on the form
(0 = the first listed), which is what the scoring rule (content/scoring/<id>.json) scores."""

from __future__ import annotations

from typing import Any

from portal_app.content.catalog import LANGUAGES

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
LOINC = "http://loinc.org"


def texts(element: dict[str, Any], key: str) -> dict[str, str] | None:
    """{"en": ..., "es": ...} from `key` and its `_key` translations; None when absent (a
    licensed measure's questions ship without words)."""
    english = element.get(key)
    if english is None:
        return None
    found = {"en": str(english)}
    for extension in element.get(f"_{key}", {}).get("extension", []):
        if extension.get("url") != TRANSLATION:
            continue
        parts = {e["url"]: e for e in extension.get("extension", [])}
        language = parts.get("lang", {}).get("valueCode")
        if language in LANGUAGES:
            found[language] = str(parts["content"]["valueString"])
    return found if all(lang in found for lang in LANGUAGES) else None


def _loinc(codes: list[dict[str, Any]]) -> str | None:
    return next((c["code"] for c in codes if c.get("system") == LOINC), None)


def _option(position: int, option: dict[str, Any]) -> dict[str, Any]:
    coding = option["valueCoding"]
    return {"value": position, "code": coding.get("code"), "text": texts(coding, "display")}


def _asked_if(item: dict[str, Any], by_link: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """`enableWhen` (one "=" on a coded answer, as the C-SSRS uses) as {item, equals: place}."""
    conditions = item.get("enableWhen") or []
    if not conditions:
        return None
    (condition,) = conditions
    other = by_link[condition["question"]]
    wanted = condition["answerCoding"]["code"]
    codes = [o["valueCoding"].get("code") for o in other["answerOption"]]
    return {"item": other["linkId"], "equals": codes.index(wanted)}


def definition_from(questionnaire: dict[str, Any], rule: dict[str, Any]) -> dict[str, Any]:
    """The measure as the app uses it: texts, options and codes from the Questionnaire; what
    the answers mean (kind, bands, risk question, meaningful change) from its scoring rule."""
    entries = questionnaire["item"]
    by_link = {item["linkId"]: item for item in entries}
    stem = next((e for e in entries if e["type"] == "display" and e["linkId"] == "stem"), None)
    items = []
    for item in entries:
        if item["type"] != "choice":
            continue
        shown: dict[str, Any] = {
            "id": item["linkId"],
            "loinc": _loinc(item.get("code", [])),
            "text": texts(item, "text"),
            "answers": [_option(n, o) for n, o in enumerate(item["answerOption"])],
        }
        asked_if = _asked_if(item, by_link)
        if asked_if:
            shown["asked_if"] = asked_if
        items.append(shown)
    facts = ("bands", "positive_at", "risk_item", "meaningful_change", "licensed_texts")
    return {
        "id": questionnaire["id"],
        "name": rule["name"],
        "kind": rule["kind"],
        "title": texts(questionnaire, "title"),
        "stem": texts(stem, "text") if stem else None,
        "loinc_panel": _loinc(questionnaire.get("code", [])),
        "loinc_total": rule.get("total_loinc"),
        "answers": [],
        "items": items,
        **{key: rule[key] for key in facts if key in rule},
    }
