"""Every measure is data: a FHIR Questionnaire (content/questionnaires/<id>.json: texts in
English and Spanish, options, LOINC codes, skip rules) and a declared scoring rule
(content/scoring/<id>.json: kind, what each option scores, bands, cut-offs, the risk question,
the meaningful change). Clinical reviewers read and check these files, not code
(docs/measures.md). A measure whose texts the project may not republish (EPDS) ships without
them: a clinic that holds the licence puts them in its licensed-texts folder, and until then
the measure is not offered (`available`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from portal_app.content.catalog import LANGUAGES
from portal_app.content.fhir_questionnaire import definition_from
from portal_app.content.scoring_rules import scoring_rule
from portal_app.settings import get_settings

QUESTIONNAIRES_DIR = Path(__file__).parent / "questionnaires"
INSTRUMENT_IDS = ("phq9", "gad7", "phq2", "gad2", "cssrs", "pcl5", "audit", "auditc", "epds")
SELF_START = ("phq9", "gad7", "phq2", "gad2")  # a patient may start these at any time
ASSIGNABLE = (*SELF_START, "pcl5", "audit", "auditc", "epds")  # a clinician may schedule these
# Measures whose total is worth a trend line, a rising flag and a line in the report.
TOTAL_SCORED = ("phq9", "gad7", "pcl5", "audit", "auditc", "epds")


class LicensedTextsProblem(ValueError):
    """The clinic's licensed texts file does not fit the measure (said plainly, for `doctor`)."""


def _texts_fit(texts: Any) -> bool:
    return isinstance(texts, dict) and all(
        isinstance(texts.get(lang), str) and texts[lang].strip() for lang in LANGUAGES
    )


def _merge_licensed(definition: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The definition with the clinic's licensed texts in place, or as shipped (no texts)."""
    path = folder / f"{definition['id']}.json"
    if not path.is_file():
        return definition
    try:
        given = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raise LicensedTextsProblem(f"{path} is not readable JSON.") from None
    items = given.get("items") if isinstance(given, dict) else None
    if not isinstance(items, list) or len(items) != len(definition["items"]):
        raise LicensedTextsProblem(
            f'{path} must list {len(definition["items"])} questions under "items".'
        )
    merged = {**definition, "stem": given.get("stem"), "items": []}
    for number, (item, text) in enumerate(zip(definition["items"], items, strict=True), start=1):
        answers = text.get("answers") if isinstance(text, dict) else None
        if (
            not _texts_fit(text.get("text") if isinstance(text, dict) else None)
            or not isinstance(answers, list)
            or len(answers) != len(item["answers"])
            or not all(_texts_fit(a) for a in answers)
        ):
            raise LicensedTextsProblem(
                f'Question {number} in {path} needs "text" and {len(item["answers"])} '
                f'"answers", each in {" and ".join(LANGUAGES)}.'
            )
        merged["items"].append(
            {
                **item,
                "text": text["text"],
                "answers": [
                    {**option, "text": words}
                    for option, words in zip(item["answers"], answers, strict=True)
                ],
            }
        )
    if not _texts_fit(merged["stem"]):
        merged["stem"] = {lang: "" for lang in LANGUAGES}
    return merged


@lru_cache(maxsize=len(INSTRUMENT_IDS))
def questionnaire_resource(instrument_id: str) -> dict[str, Any]:
    """The measure's FHIR Questionnaire as shipped (a licensed measure without its words)."""
    if instrument_id not in INSTRUMENT_IDS:
        raise KeyError(instrument_id)
    loaded: dict[str, Any] = json.loads(
        (QUESTIONNAIRES_DIR / f"{instrument_id}.json").read_text("utf-8")
    )
    return loaded


@lru_cache(maxsize=4 * len(INSTRUMENT_IDS))
def _load(instrument_id: str, licensed_folder: str, _version: int) -> dict[str, Any]:
    """`_version` is the licensed file's change time: texts an admin adds apply at once."""
    loaded = definition_from(questionnaire_resource(instrument_id), scoring_rule(instrument_id))
    if loaded.get("licensed_texts"):
        return _merge_licensed(loaded, Path(licensed_folder))
    return loaded


def licensed_folder() -> Path:
    folder = get_settings().licensed_texts_dir
    assert folder is not None  # filled in by the settings
    return folder


def instrument(instrument_id: str) -> dict[str, Any]:
    if instrument_id not in INSTRUMENT_IDS:
        raise KeyError(instrument_id)
    folder = licensed_folder()
    try:
        version = (folder / f"{instrument_id}.json").stat().st_mtime_ns
    except OSError:
        version = 0
    return _load(instrument_id, str(folder), version)


def available(instrument_id: str) -> bool:
    """True when every question has its texts (a licensed measure: once the clinic added them)."""
    try:
        definition = instrument(instrument_id)
    except LicensedTextsProblem:
        return False
    return all(item["text"] for item in definition["items"])


def item_answers(definition: dict[str, Any], item: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers an item offers: its own, or the instrument's."""
    answers: list[dict[str, Any]] = item.get("answers", definition["answers"])
    return answers


def risk_reason(instrument_id: str) -> str | None:
    """The alert reason of the measure's risk question ("phq9_item9", "epds_item10"), if any."""
    item = instrument(instrument_id).get("risk_item")
    if not item:
        return None
    return f"{instrument_id}_item{str(item).rsplit('_', 1)[1]}"


def meaningful_change(instrument_id: str) -> int:
    """Points of change that count as better or worse (declared, with its source, per measure)."""
    return int(instrument(instrument_id).get("meaningful_change", 5))


def top_score(instrument_id: str) -> int:
    """The highest total the measure can give (a chart's scale)."""
    definition = instrument(instrument_id)
    if definition["kind"] == "rule":
        return sum(max(item["scores"]) for item in scoring_rule(instrument_id)["items"])
    return int(max(band["max"] for band in definition["bands"]))
